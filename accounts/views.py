"""The registry's pages (``/accounts/``): list, detail with tabs, forms, import and export.

Views translate: permission, form, one service call, message, redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yuhang_cac.audit.history import history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event

from . import exports, services
from .filters import AccountFilterSet
from .forms import (
    AccountForm,
    AccountImportForm,
    OperatorCreateForm,
    OperatorEditForm,
    PractitionerCreateForm,
    PractitionerForm,
    PractitionerRecordForm,
)
from .imports import import_accounts
from .models import Account, Operator, Person, Platform, Practitioner
from .panels import rendered_panels

PAGE_SIZE = 25


@permission_required("accounts.view_account", raise_exception=True)
def account_list(request):
    """The registry, filtered, with one search box over current and former names and identifiers."""
    accounts = Account.objects.visible_to(request.user).select_related(
        "platform", "street", "operator", "liaison_organisation"
    )
    filterset = AccountFilterSet(request.GET, queryset=accounts)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "can_add": request.user.has_perm("accounts.add_account"),
        "can_import": request.user.has_perm("accounts.import_account"),
        "can_export": request.user.has_perm("accounts.export_account"),
        "export_query": export_query.urlencode(),
    }
    return render(request, "accounts/account_list.html", context)


@permission_required("accounts.view_account", raise_exception=True)
def account_detail(request, pk):
    user = request.user
    account = get_object_or_404(
        Account.objects.visible_to(user).select_related(
            "platform", "street", "operator__person", "liaison_organisation"
        ),
        pk=pk,
    )
    can_see_practitioners = user.has_perm("accounts.view_practitioner")
    context = {
        "account": account,
        "aliases": account.aliases.all(),
        "practitioners": account.practitioners.visible_to(user).select_related("person")
        if can_see_practitioners
        else None,
        "violations": account.violations.prefetch_related("categories"),
        "history_entries": history_entries(account),
        "panels": rendered_panels(request, account),
        "can_edit": user.has_perm("accounts.change_account"),
        "show_personal_data": user.has_perm("accounts.view_person"),
    }
    return render(request, "accounts/account_detail.html", context)


@permission_required("accounts.add_account", raise_exception=True)
def account_create(request):
    form = AccountForm(request.POST or None, initial={"operator": request.GET.get("operator")})
    if request.method == "POST" and form.is_valid():
        account = services.create_account(by=request.user, **form.cleaned_data)
        messages.success(request, _("The account %(name)s is registered.") % {"name": account.name})
        return redirect(account)
    return render(
        request, "accounts/account_form.html", {"form": form, "platforms": Platform.objects.active()}
    )


@permission_required("accounts.change_account", raise_exception=True)
def account_edit(request, pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        account = services.update_account(account, by=request.user, **form.cleaned_data)
        messages.success(request, _("The account %(name)s is saved.") % {"name": account.name})
        return redirect(account)
    context = {"form": form, "account": account, "platforms": Platform.objects.active()}
    return render(request, "accounts/account_form.html", context)


@permission_required("accounts.view_operator", raise_exception=True)
def operator_detail(request, pk):
    """An operator and all its accounts; association staff see the name and their own accounts only."""
    user = request.user
    operator = get_object_or_404(Operator.objects.visible_to(user).select_related("person"), pk=pk)
    practitioners = None
    if user.has_perm("accounts.view_practitioner"):
        practitioners = operator.practitioners.visible_to(user).select_related("person")
    context = {
        "operator": operator,
        "accounts": operator.accounts.visible_to(user).select_related("platform", "street"),
        "practitioners": practitioners.prefetch_related("accounts") if practitioners is not None else None,
        "history_entries": history_entries(operator),
        "show_personal_data": user.has_perm("accounts.view_person"),
        "can_edit": user.has_perm("accounts.change_operator"),
        "can_add_account": user.has_perm("accounts.add_account"),
        "can_add_practitioner": user.has_perm("accounts.add_practitioner"),
    }
    return render(request, "accounts/operator_detail.html", context)


@permission_required("accounts.add_operator", raise_exception=True)
def operator_create(request):
    form = OperatorCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            operator = services.register_operator(by=request.user, **form.cleaned_data)
        except services.RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The operator %(name)s is registered.") % {"name": operator.name})
            return redirect(operator)
    return render(request, "accounts/operator_form.html", {"form": form})


@permission_required("accounts.change_operator", raise_exception=True)
def operator_edit(request, pk):
    operator = get_object_or_404(Operator.objects.visible_to(request.user), pk=pk)
    form = OperatorEditForm(request.POST or None, instance=operator)
    if request.method == "POST" and form.is_valid():
        operator = services.update_operator(operator, by=request.user, **form.cleaned_data)
        messages.success(request, _("The operator %(name)s is saved.") % {"name": operator.name})
        return redirect(operator)
    return render(request, "accounts/operator_form.html", {"form": form, "operator": operator})


def _person_page(request, person: Person, **extra):
    jobs = person.jobs.select_related("operator").prefetch_related("accounts__platform", "records")
    context = {
        "person": person,
        "jobs": jobs,
        "operations": person.operations.all(),
        "history_entries": history_entries(person),
        "can_edit_practitioners": request.user.has_perm("accounts.change_practitioner"),
        **extra,
    }
    return render(request, "accounts/person_detail.html", context)


@never_cache
@permission_required("accounts.view_person", raise_exception=True)
def person_detail(request, pk):
    """A person's file, for CAC roles only; every view of it is audited (docs/domain.md §8)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    record_event(AuditEvent.Kind.PERSONAL_DATA_VIEWED, actor=request.user, target=person, request=request)
    return _person_page(request, person)


@never_cache
@require_POST
@permission_required("accounts.view_person", raise_exception=True)
def person_unmask(request, pk):
    """Show the full ID number once, in this response only; the unmasking is audited."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    number = services.unmask_id_number(person, by=request.user, request=request)
    return _person_page(request, person, full_id_number=number)


@permission_required("accounts.add_practitioner", raise_exception=True)
def practitioner_add(request, pk):
    operator = get_object_or_404(Operator.objects.visible_to(request.user), pk=pk)
    form = PractitionerCreateForm(request.POST or None, operator=operator)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_practitioner(operator, by=request.user, **form.cleaned_data)
        except services.RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The practitioner is registered."))
            return redirect(operator)
    return render(request, "accounts/practitioner_form.html", {"form": form, "operator": operator})


@permission_required("accounts.change_practitioner", raise_exception=True)
def practitioner_edit(request, pk):
    practitioner = get_object_or_404(
        Practitioner.objects.visible_to(request.user).select_related("operator", "person"), pk=pk
    )
    operator = practitioner.operator
    form = PractitionerForm(request.POST or None, instance=practitioner, operator=operator)
    if request.method == "POST" and form.is_valid():
        services.update_practitioner(practitioner, by=request.user, **form.cleaned_data)
        messages.success(request, _("The practitioner is saved."))
        return redirect(operator)
    context = {"form": form, "operator": operator, "practitioner": practitioner}
    return render(request, "accounts/practitioner_form.html", context)


@permission_required("accounts.change_practitioner", raise_exception=True)
def practitioner_record_add(request, pk):
    """A reward or punishment in the practitioner's file (Art.10)."""
    practitioner = get_object_or_404(
        Practitioner.objects.visible_to(request.user).select_related("operator", "person"), pk=pk
    )
    form = PractitionerRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_practitioner_record(practitioner, by=request.user, **form.cleaned_data)
        messages.success(request, _("The entry is added to the practitioner's file."))
        return redirect(practitioner.person)
    return render(
        request, "accounts/practitionerrecord_form.html", {"form": form, "practitioner": practitioner}
    )


# Import and export ------------------------------------------------------------------------------

SHOWN_IMPORT_ERRORS = 500


def _download(download: exports.Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download.filename)
    return response


@permission_required("accounts.import_account", raise_exception=True)
def account_import(request):
    """Accounts with their operators from .xlsx or .csv: all rows, or none and the problems by row."""
    form = AccountImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = import_accounts(form.cleaned_data["file"], by=request.user)
        if result.ok:
            message = _("Import finished: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            messages.success(request, message % counts)
            return redirect("accounts:list")
        errors = result.errors
    context = {
        "form": form,
        "errors": errors[:SHOWN_IMPORT_ERRORS],
        "more_errors": max(0, len(errors) - SHOWN_IMPORT_ERRORS),
    }
    return render(request, "accounts/account_import.html", context)


@permission_required("accounts.import_account", raise_exception=True)
def account_import_template(request):
    return _download(exports.import_template())


@never_cache
@permission_required("accounts.export_account", raise_exception=True)
def account_export(request):
    """The list as filtered on the registry page, as .xlsx (or ?format=csv); every export is audited."""
    filterset = AccountFilterSet(request.GET, queryset=Account.objects.visible_to(request.user))
    filters = {key: request.GET.getlist(key) for key in request.GET if key not in ("format", "page")}
    download = exports.export_accounts(
        filterset.qs, fmt=request.GET.get("format", "xlsx"), by=request.user, request=request, filters=filters
    )
    return _download(download)
