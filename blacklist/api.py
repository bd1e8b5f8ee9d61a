"""``/api/lookup/``: partner departments ask whether an account or an operator is listed now.

``Authorization: Bearer <token>`` names the department's token; a missing, wrong or revoked token
is refused (401), a token over its allowance waits (429). The answer is the listing status, the
period and the ground, nothing more; every look-up is an audit event.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from . import lookup as listing
from .models import LookupToken


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _error(message: str, status: int, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


@login_not_required
@csrf_exempt
@never_cache
@require_GET
def lookup(request):
    token = listing.token_for(_bearer(request))
    if token is None:
        return _error(
            _("The look-up token is missing, wrong or revoked."),
            401,
            **{"WWW-Authenticate": 'Bearer realm="lookup"'},
        )
    wait = listing.over_limit(token)
    if wait:
        return _error(_("Too many look-ups: try again later."), 429, **{"Retry-After": str(wait)})
    credit_code = request.GET.get("credit_code", "").strip()
    account = request.GET.get("account", "").strip()
    if bool(credit_code) == bool(account) or len(credit_code) > 18 or len(account) > 100:
        return _error(_("Give either credit_code or account."), 400)
    query = {"credit_code": credit_code} if credit_code else {"account": account}
    result = listing.answer(**query)
    LookupToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    listing.audit(query=query, result=result, via="api", token=token, request=request)
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})
