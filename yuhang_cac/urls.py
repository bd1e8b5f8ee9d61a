from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from yuhang_cac.core import views as core_views
from yuhang_cac.users import signin
from yuhang_cac.users import views as user_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("login/", signin.sign_in, name="login"),
    path("login/verify/", signin.verify, name="signin_verify"),
    path("logout/", signin.SignOutView.as_view(), name="logout"),
    path("sessions/", user_views.my_sessions, name="sessions"),
    path("sessions/<int:pk>/end/", user_views.end_my_session, name="session_end"),
    path("security/", include("yuhang_cac.users.urls")),
    path("password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("dashboard/", include("yuhang_cac.dashboard.urls")),
    path("notifications/", include("yuhang_cac.notifications.urls")),
    path("audit/", include("yuhang_cac.audit.urls")),
    path("documents/", include("yuhang_cac.documents.urls")),
    path("accounts/", include("accounts.urls")),
    path("report/", include("reports.public_urls")),
    path("reports/", include("reports.urls")),
    path("summons/", include("summons.urls")),
    path("blacklist/", include("blacklist.urls")),
    path("lookup/", include("blacklist.lookup_urls")),
    path("api/lookup/", include("blacklist.api_urls")),
    path("evaluation/", include("evaluation.urls")),
    path("commended/", include("evaluation.public_urls")),
    path("admin/", admin.site.urls),
]
