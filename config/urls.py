from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from accounts.security import admin_login, may_use_admin
from core.views import healthz

handler400 = "portal.errors.bad_request"
handler500 = "portal.errors.server_error"

admin.site.site_header = "Verdensmålsportalen"
admin.site.site_title = "Verdensmålsportalen"
# Coordinators edit the programme texts in the admin (only what each ModelAdmin lets them).
admin.site.has_permission = may_use_admin
# The admin's own login form would skip allauth's rate limits and two-factor: sign in there.
admin.site.login = admin_login

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("portal.urls_unprefixed")),
]

# Danish at the paths of the URL contract, English under /en/.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("libraries.urls")),
    path("", include("actionplans.urls")),
    path("", include("certification.urls")),
    path("", include("inspiration.urls")),
    path("", include("partners.urls")),
    path("", include("themes.urls")),
    path("", include("events.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
