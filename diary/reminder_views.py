"""The reminder settings page and the endpoint where its script saves the browser's push
subscription (diary.reminders, diary.push)."""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from diary import push
from diary.access import PatientRequest, patient_required
from diary.reminder_forms import ReminderForm, save_reminder


@patient_required
@require_http_methods(["GET", "POST"])
def reminders_page(request: PatientRequest) -> HttpResponse:
    form = ReminderForm(request.POST or None, user=request.user)
    if form.is_valid():
        save_reminder(
            user=request.user, at=form.cleaned_data["time"], channel=form.cleaned_data["channel"]
        )
        messages.success(request, _("Reminder saved."))
        return redirect("reminders")
    context = {
        "form": form,
        "offered": [value for value, _label in form.offered_channels()],
        "vapid_public_key": settings.VAPID_PUBLIC_KEY if push.push_configured() else "",
        "window_hours": settings.REMINDER_WINDOW_HOURS,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "reminders/reminders.html", context, status=status)


def _subscription_fields(body: bytes) -> dict[str, str]:
    """endpoint, p256dh and auth from PushSubscription.toJSON(); ValidationError if not."""
    try:
        data: Any = json.loads(body)
        fields = {
            "endpoint": data["endpoint"],
            "p256dh": data["keys"]["p256dh"],
            "auth": data["keys"]["auth"],
        }
    except (ValueError, KeyError, TypeError):
        raise ValidationError(_("This is not a push subscription.")) from None
    if not all(isinstance(value, str) and value for value in fields.values()):
        raise ValidationError(_("This is not a push subscription."))
    return fields


@patient_required
@require_http_methods(["POST", "DELETE"])
def push_subscription(request: PatientRequest) -> HttpResponseBase:
    """POST saves this browser's subscription, DELETE (with its endpoint) forgets it. JSON,
    with the session and the CSRF token (X-CSRFToken) as any form."""
    if not push.push_configured():
        raise Http404
    not_one = _("This is not a push subscription.")
    try:
        if request.method == "DELETE":
            data = json.loads(request.body)
            endpoint = data.get("endpoint") if isinstance(data, dict) else None
            if not isinstance(endpoint, str):
                raise ValidationError(not_one)
            push.delete_subscription(user=request.user, endpoint=endpoint)
            return HttpResponse(status=204)
        push.save_subscription(user=request.user, **_subscription_fields(request.body))
    except ValueError:
        return JsonResponse({"errors": {"__all__": [not_one]}}, status=400)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse({"saved": True}, status=201)
