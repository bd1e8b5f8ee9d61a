import factory
from django.contrib.auth.models import Group

from yuhang_cac.users.models import Organisation, User
from yuhang_cac.users.roles import ADMIN_SITE_ROLES, Role

PASSWORD = "Test-password-2026"

ROLE_ORGANISATION = {
    Role.ASSOCIATION: ("yuhang-network-culture-association", "余杭区网络文化协会", "association"),
    Role.EXPERT: ("test-third-party", "测试第三方评估机构", "third_party"),
}
CAC = ("yuhang-cac", "余杭区互联网信息办公室", "cac")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organisation.Kind.THIRD_PARTY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups_for_role(self, create, extracted, **kwargs):
        # Mirrors users.services.assign_role without writing an audit event per factory call.
        if create and self.role:
            self.groups.set(Group.objects.filter(name=self.role))


def user_with_role(role: str, **kwargs) -> User:
    code, name, kind = ROLE_ORGANISATION.get(role, CAC)
    organisation = OrganisationFactory(code=code, name=name, kind=kind)
    kwargs.setdefault("username", role)
    return UserFactory(role=role, organisation=organisation, is_staff=role in ADMIN_SITE_ROLES, **kwargs)
