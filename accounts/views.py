import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import services
from accounts.forms import DeleteAccountForm, ProfileForm


@login_required
@never_cache
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"name": user.name, "job_title": user.job_title}
    )
    if request.method == "POST" and form.is_valid():
        if services.update_profile(user=user, **form.cleaned_data):
            messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@never_cache
def privacy(request):
    return render(
        request,
        "accounts/privacy.html",
        {"blockers": services.deletion_blockers(user=request.user)},
    )


@login_required
@never_cache
def privacy_export(request):
    data = services.export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"verdensmaalsportalen-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
def privacy_delete(request):
    blockers = services.deletion_blockers(user=request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        user = request.user
        try:
            services.delete_account(user=user)
        except ValidationError as error:  # became the last lead meanwhile, say
            blockers = error.messages
        else:
            logout(request)
            messages.success(request, services.account_deleted_message())
            return redirect("portal:home")
    return render(request, "accounts/privacy_delete.html", {"form": form, "blockers": blockers})
