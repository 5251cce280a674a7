from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import AccountDeleteForm, ProfileForm, SignupForm

THEME_COOKIE_AGE = 365 * 24 * 3600


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.account_create(
            username=form.cleaned_data["username"], email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"], session_key=request.session.session_key,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your progress is saved from now on.")
        return redirect("review:queue")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        session_key = self.request.session.session_key
        response = super().form_valid(form)
        if session_key:
            services.anonymous_data_claim(session_key=session_key, user=form.get_user())
        return response


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    profile = services.profile_get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Settings saved.")
        response = redirect("accounts:settings")
        response.set_cookie("theme", profile.theme, max_age=THEME_COOKIE_AGE, samesite="Lax")
        return response
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, "Your account and all of its data are deleted.")
        return redirect("catalog:home")
    return render(request, "accounts/account_delete.html", {"form": form})


@require_POST
def theme_set(request):
    theme = services.profile_theme_set(user=request.user, theme=request.POST.get("theme", "auto"))
    target = request.POST.get("next", "/")
    safe = target.startswith("/") and not any(character < " " for character in target)
    if not safe or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"  # only a path on this site: never a view name, another host or a header-breaking value
    response = HttpResponse(status=204) if request.htmx else HttpResponseRedirect(target)
    response.set_cookie("theme", theme, max_age=THEME_COOKIE_AGE, samesite="Lax")
    return response
