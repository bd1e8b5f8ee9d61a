"""The management list's pages: the list, an entry with its timeline and a form per step, proposing
an account from its page, and the staff look-up. Each step is a POST to its own URL calling one
service; the list is internal, so whoever may not see it finds nothing there (404)."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Account
from yuhang_cac.core.lists import cached_for_query, paginate
from yuhang_cac.core.transitions import transition_view
from yuhang_cac.documents.models import Document

from . import clock, forms, lookup, services
from .filters import EntryFilter
from .models import Entry, JointNotice, LiftApplication
from .selectors import entry_timeline


def staff_only(permission: str):
    """The view for holders of ``permission``; to anyone else the page is not there (404)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@staff_only("blacklist.view_entry")
def entry_list(request):
    entries = Entry.objects.visible_to(request.user).select_related("account__platform", "severity")
    entry_filter = EntryFilter(request.GET, queryset=entries)
    by_status = entries.values_list("status").annotate(n=Count("pk")).order_by()
    counts = cached_for_query(by_status, lambda: dict(by_status))
    page = paginate(request, entry_filter.qs, 50)
    status_counts = [(value, label, counts.get(value, 0)) for value, label in Entry.Status.choices]
    return render(
        request,
        "blacklist/entry_list.html",
        {"filter": entry_filter, "page": page, "status_counts": status_counts},
        status=200 if entry_filter.is_valid() else 400,
    )


def entry_for(request, pk) -> Entry:
    if not request.user.has_perm("blacklist.view_entry"):
        raise Http404
    queryset = Entry.objects.visible_to(request.user).select_related(
        "account__platform", "account__operator", "severity", "defence_deadline", "proposed_by", "decided_by"
    )
    return get_object_or_404(queryset, pk=pk)


def notice_for(request, pk, notice_pk) -> JointNotice:
    entry = entry_for(request, pk)
    return get_object_or_404(entry.joint_notices.all(), pk=notice_pk)


FORMS = {
    "serve": forms.ServeForm,
    "defence": forms.DefenceForm,
    "approve": forms.DecisionForm,
    "reject": forms.RejectForm,
    "withdraw": forms.WithdrawForm,
    "apply": forms.ApplyForm,
    "evaluate": forms.EvaluateForm,
    "lift": forms.LiftForm,
    "refuse": forms.RefuseRemovalForm,
    "joint": forms.JointForm,
    "reply": forms.ReplyForm,
}


def entry_page(request, obj, bound: dict | None = None, status: int = 200):
    """The entry page; ``bound`` carries a submitted form with its errors back to its place."""
    entry = obj.entry if isinstance(obj, JointNotice) else obj
    unbound = {name: form_class() for name, form_class in FORMS.items()}
    context = {f"{name}_form": form for name, form in (unbound | (bound or {})).items()}
    context.update(_entry_context(request, entry))
    for notice in context["joint_notices"]:
        # One reply form per notice, each with its own field ids; a submitted one keeps its errors.
        returned = isinstance(obj, JointNotice) and obj.pk == notice.pk and bound
        notice.reply_form = bound["reply"] if returned else forms.ReplyForm(auto_id=f"id_reply{notice.pk}_%s")
    return render(request, "blacklist/entry_detail.html", context, status=status)


def _entry_context(request, entry: Entry) -> dict:
    user, S = request.user, Entry.Status
    process = user.has_perm("blacklist.process_entry")
    decide = user.has_perm("blacklist.approve_entry")
    applications = list(entry.applications.select_related("evaluator", "decided_by"))
    open_application = next((a for a in applications if a.status in LiftApplication.OPEN_STATUSES), None)
    today = clock.today()
    after_minimum = entry.min_until is not None and today >= entry.min_until
    return {
        "entry": entry,
        "today": today,
        "violations": entry.violations.all(),
        "cases": entry.cases.all(),
        "reports": entry.reports.all(),
        "applications": applications,
        "open_application": open_application,
        "joint_notices": list(entry.joint_notices.select_related("department", "platform", "document")),
        "documents": Document.objects.of(entry),
        "timeline": entry_timeline(entry),
        "after_minimum": after_minimum,
        "can_serve": process and entry.status == S.PROPOSED,
        "can_defend": process and entry.status == S.NOTIFIED,
        "can_withdraw": process and entry.status in (S.PROPOSED, S.NOTIFIED),
        "can_decide": decide and entry.status == S.PENDING,
        "can_apply": process and entry.status == S.LISTED and open_application is None and after_minimum,
        "can_evaluate": process
        and open_application is not None
        and open_application.status == LiftApplication.Status.APPLIED,
        "can_lift": decide
        and entry.status == S.LISTED
        and open_application is not None
        and open_application.status == LiftApplication.Status.EVALUATED,
        "can_refuse": decide and open_application is not None,
        "can_joint": process and entry.status == S.LISTED and entry.repeated,
        "can_reply": process,
    }


@staff_only("blacklist.view_entry")
def detail(request, pk):
    return entry_page(request, entry_for(request, pk))


def _entry_url(obj) -> str:
    entry = obj.entry if isinstance(obj, JointNotice) else obj
    return entry.get_absolute_url()


def _step(name, service, done, *, permission="blacklist.process_entry", load=entry_for):
    return transition_view(
        name=name,
        load=load,
        permission=permission,
        service=service,
        page=entry_page,
        done=done,
        form_class=FORMS[name],
        success_url=_entry_url,
    )


serve = _step("serve", services.serve_notice, gettext_lazy("The notice was issued and its service recorded."))
defence = _step(
    "defence", services.record_defence, gettext_lazy("The defence was recorded; a leader decides.")
)
approve = _step(
    "approve", services.approve, gettext_lazy("The account is listed."), permission="blacklist.approve_entry"
)
reject = _step(
    "reject",
    services.reject,
    gettext_lazy("The account is not listed."),
    permission="blacklist.approve_entry",
)
withdraw = _step("withdraw", services.withdraw, gettext_lazy("The account is not listed."))
apply = _step(
    "apply", services.apply_for_removal, gettext_lazy("The application for early removal was entered.")
)
evaluate = _step("evaluate", services.record_evaluation, gettext_lazy("The evaluation was recorded."))
lift = _step(
    "lift",
    services.lift_early,
    gettext_lazy("The account was removed from the management list."),
    permission="blacklist.approve_entry",
)
refuse = _step(
    "refuse",
    services.refuse_removal,
    gettext_lazy("The removal was refused."),
    permission="blacklist.approve_entry",
)
joint = _step(
    "joint",
    services.issue_joint_notices,
    lambda notices: _("%(count)d joint-restriction notices were issued.") % {"count": len(notices)},
)
reply = _step("reply", services.record_joint_reply, gettext_lazy("The reply was recorded."), load=notice_for)


@staff_only("blacklist.process_entry")
def propose(request, account_pk):
    """Propose an account for the list, from the account page's 管理名单 tab."""
    account = get_object_or_404(
        Account.objects.visible_to(request.user).select_related("platform"), pk=account_pk
    )
    form = forms.ProposeForm(
        request.POST or None,
        account=account,
        user=request.user,
        initial={"legal_basis": services.default_legal_basis()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.propose(account, **form.cleaned_data, by=request.user)
        except services.BlacklistError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The account was proposed for the management list."))
            return redirect(entry)
    status = 400 if form.errors else 200
    return render(request, "blacklist/propose.html", {"form": form, "account": account}, status=status)


@staff_only("blacklist.view_entry")
def lookup_page(request):
    """The staff look-up: what a partner department would be told, and nothing more. Audited."""
    form = forms.LookupForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        query = {k: v.strip() for k, v in form.cleaned_data.items() if v.strip()}
        result = lookup.answer(**query)
        lookup.audit(query=query, result=result, via="page", actor=request.user, request=request)
    return render(
        request, "blacklist/lookup.html", {"form": form, "result": result}, status=400 if form.errors else 200
    )
