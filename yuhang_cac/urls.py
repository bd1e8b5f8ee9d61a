from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from yuhang_cac.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("admin/", admin.site.urls),
]
