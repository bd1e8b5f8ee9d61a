"""The registry's pages (``/accounts/``): list, detail with tabs, forms, import and export.

Views translate: permission, form, one service call, message, redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yuhang_cac.audit.history import history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core.lists import paginate, pinyin
from yuhang_cac.core.remote_choices import choice_results

from . import exports, services
from .filters import AccountFilterSet, account_matches, operator_matches
from .forms import (
    AccountForm,
    AccountImportForm,
    OperatorCreateForm,
    OperatorEditForm,
    PersonEditForm,
    PractitionerCreateForm,
    PractitionerForm,
    PractitionerRecordForm,
    UnmaskForm,
    account_choice_label,
    operator_choice_label,
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
    filterset = AccountFilterSet(request.GET, queryset=accounts, request=request)
    page = paginate(request, filterset.qs, PAGE_SIZE)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "can_add": request.user.has_perm("accounts.add_account"),
        "can_import": request.user.has_perm("accounts.import_account"),
        "can_export": request.user.has_perm("accounts.export_account"),
        "show_personal_data": request.user.has_perm("accounts.view_person"),
        "export_query": export_query.urlencode(),
    }
    status = 200 if filterset.is_valid() else 400
    return render(request, "accounts/account_list.html", context, status=status)


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
    panels = rendered_panels(request, account)
    tabs = ["profile", "aliases", "operator", "violations", "history", *(panel["key"] for panel in panels)]
    if can_see_practitioners:
        tabs.append("practitioners")
    show_personal_data = user.has_perm("accounts.view_person")
    context = {
        "account": account,
        "active_tab": request.GET.get("tab") if request.GET.get("tab") in tabs else "profile",
        "aliases": account.aliases.all(),
        "practitioners": account.practitioners.visible_to(user).select_related("person")
        if can_see_practitioners
        else None,
        "violations": account.violations.prefetch_related("categories"),
        "history_entries": history_entries(account, masked=() if show_personal_data else ("operator",)),
        "panels": panels,
        "can_edit": user.has_perm("accounts.change_account"),
        "show_personal_data": show_personal_data,
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


@permission_required("accounts.view_account", raise_exception=True)
def account_search(request):
    """Accounts the user may see, for a form's account choice (daily assessment, an expert's
    conflicts), by name or former name, handle, stable id, operator or credit code (JSON)."""
    return choice_results(
        request,
        Account.objects.visible_to(request.user).select_related("platform"),
        search=lambda term: account_matches(request.user, term),
        label=account_choice_label,
        order_by=(pinyin("name"), "pk"),
    )


@login_required
def operator_search(request):
    """Operators for the account form's operator choice, by name or credit code (JSON)."""
    user = request.user
    if not (user.has_perm("accounts.add_account") or user.has_perm("accounts.change_account")):
        raise PermissionDenied
    return choice_results(
        request,
        Operator.objects.all(),
        search=lambda term: operator_matches(request.user, term),
        label=operator_choice_label,
        order_by=(pinyin("name"), "pk"),
    )


@permission_required("accounts.view_operator", raise_exception=True)
def operator_detail(request, pk):
    """An operator and all its accounts; association staff see the name and their own accounts only."""
    user = request.user
    operator = get_object_or_404(Operator.objects.visible_to(user).select_related("person"), pk=pk)
    practitioners = None
    if user.has_perm("accounts.view_practitioner"):
        practitioners = operator.practitioners.visible_to(user).select_related("person")
    show_personal_data = user.has_perm("accounts.view_person")
    handed_back = request.session.pop("operator_for_account_form", None) == operator.pk
    # An individual operator's name is the person's: masked in its history as on the page.
    hidden = ("name",) if operator.is_individual and not show_personal_data else ()
    context = {
        "operator": operator,
        "accounts": operator.accounts.visible_to(user).select_related("platform", "street"),
        "practitioners": practitioners.prefetch_related("accounts") if practitioners is not None else None,
        "history_entries": history_entries(operator, masked=hidden),
        "show_personal_data": show_personal_data,
        "can_edit": user.has_perm("accounts.change_operator"),
        "can_add_account": user.has_perm("accounts.add_account"),
        "can_add_practitioner": user.has_perm("accounts.add_practitioner"),
        "hand_back": {"id": operator.pk, "label": operator_choice_label(operator)} if handed_back else None,
        "panels": rendered_panels(request, operator, page="operator"),
    }
    return render(request, "accounts/operator_detail.html", context)


@permission_required("accounts.add_operator", raise_exception=True)
def operator_create(request):
    """Register an operator; opened from the account form (?from=account), the new one goes back to it."""
    form = OperatorCreateForm(request.POST or None)
    from_account_form = request.GET.get("from") == "account"
    if request.method == "POST" and form.is_valid():
        try:
            operator = services.register_operator(by=request.user, **form.cleaned_data)
        except services.RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The operator %(name)s is registered.") % {"name": operator.name})
            if from_account_form:
                request.session["operator_for_account_form"] = operator.pk
            return redirect(operator)
    return render(
        request, "accounts/operator_form.html", {"form": form, "from_account_form": from_account_form}
    )


@permission_required("accounts.change_operator", raise_exception=True)
def operator_edit(request, pk):
    operator = get_object_or_404(Operator.objects.visible_to(request.user), pk=pk)
    form = OperatorEditForm(request.POST or None, instance=operator)
    if request.method == "POST" and form.is_valid():
        operator = services.update_operator(operator, by=request.user, **form.cleaned_data)
        messages.success(request, _("The operator %(name)s is saved.") % {"name": operator.name})
        return redirect(operator)
    return render(request, "accounts/operator_form.html", {"form": form, "operator": operator})


def _person_page(request, person: Person, status: int = 200, **extra):
    jobs = person.jobs.select_related("operator").prefetch_related("accounts__platform", "records")
    context = {
        "person": person,
        "jobs": jobs,
        "operations": person.operations.all(),
        "history_entries": history_entries(person),
        "can_edit_practitioners": request.user.has_perm("accounts.change_practitioner"),
        "unmask_form": UnmaskForm(),
        "can_edit_person": request.user.has_perm("accounts.change_person"),
        "panels": rendered_panels(request, person, page="person"),
        **extra,
    }
    return render(request, "accounts/person_detail.html", context, status=status)


@never_cache
@permission_required("accounts.view_person", raise_exception=True)
def person_detail(request, pk):
    """A person's file, for CAC roles only; every view of it is audited (docs/domain.md §8)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    record_event(AuditEvent.Kind.PERSONAL_DATA_VIEWED, actor=request.user, target=person, request=request)
    return _person_page(request, person)


@never_cache
@permission_required("accounts.change_person", raise_exception=True)
def person_edit(request, pk):
    """Correct a person's own details (CAC roles); the form shows personal data, so opening it is audited."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = PersonEditForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.update_person(person, by=request.user, **form.cleaned_data)
        except services.RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The details of %(name)s are saved.") % {"name": person.name})
            return redirect(person)
    if request.method == "GET":
        record_event(AuditEvent.Kind.PERSONAL_DATA_VIEWED, actor=request.user, target=person, request=request)
    return render(request, "accounts/person_form.html", {"form": form, "person": person})


@never_cache
@require_POST
@permission_required("accounts.view_person", raise_exception=True)
def person_unmask(request, pk):
    """Show the full ID number once, in this response only; the unmasking and its reason are audited."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = UnmaskForm(request.POST)
    if not form.is_valid():
        return _person_page(request, person, unmask_form=form, status=400)
    number = services.unmask_id_number(person, by=request.user, request=request, **form.cleaned_data)
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


SHOWN_IMPORT_OUTCOMES = 1000
IMPORT_OUTCOME_KEY = "accounts_import_outcome"


@permission_required("accounts.import_account", raise_exception=True)
def account_import(request):
    """Accounts with their operators from .xlsx or .csv: all rows, or none and the problems by row.

    After an import the page shows, once, which rows added or changed which account.
    """
    form = AccountImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = import_accounts(form.cleaned_data["file"], by=request.user)
        if result.ok:
            message = _("Import finished: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            messages.success(request, message % counts)
            request.session[IMPORT_OUTCOME_KEY] = {
                "rows": [
                    [row.row, row.account_id, row.name, row.created, list(row.changed)]
                    for row in result.rows[:SHOWN_IMPORT_OUTCOMES]
                ],
                "more": max(0, len(result.rows) - SHOWN_IMPORT_OUTCOMES),
            }
            return redirect("accounts:import")
        errors = result.errors
    outcome = request.session.pop(IMPORT_OUTCOME_KEY, None) if request.method == "GET" else None
    context = {
        "form": form,
        "errors": errors[:SHOWN_IMPORT_ERRORS],
        "more_errors": max(0, len(errors) - SHOWN_IMPORT_ERRORS),
        "outcome_rows": [
            {"row": row, "account_id": pk, "name": name, "created": created, "changed": changed}
            for row, pk, name, created, changed in (outcome or {}).get("rows", [])
        ],
        "more_outcomes": (outcome or {}).get("more", 0),
    }
    return render(request, "accounts/account_import.html", context)


@permission_required("accounts.import_account", raise_exception=True)
def account_import_template(request):
    return _download(exports.import_template())


@never_cache
@permission_required("accounts.export_account", raise_exception=True)
def account_export(request):
    """The list as filtered on the registry page, as .xlsx (or ?format=csv); every export is audited.

    An invalid filter exports nothing: the answer is a 400 page naming the problem.
    """
    filterset = AccountFilterSet(
        request.GET, queryset=Account.objects.visible_to(request.user), request=request
    )
    filterset.extra_parameters = ("format",)
    valid = filterset.is_valid()
    if request.GET.get("format", "xlsx") not in exports.FORMATS:
        filterset.form.add_error(None, _("Choose the workbook or the comma-separated format."))
        valid = False
    if not valid:
        problems = [str(message) for errors in filterset.form.errors.values() for message in errors]
        return render(request, "400.html", {"problems": problems}, status=400)
    filters = {key: request.GET.getlist(key) for key in request.GET if key not in ("format", "page")}
    download = exports.export_accounts(
        filterset.qs, fmt=request.GET.get("format", "xlsx"), by=request.user, request=request, filters=filters
    )
    return _download(download)
