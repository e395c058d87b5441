"""POST /bare/insert/: token check, JSON body, one INSERT, JSON answer — nothing else."""

from __future__ import annotations

import json
import secrets

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from xinfang.security.models import ApiToken
from xinfang.security.tokens import digest

from .models import BareRow


@csrf_exempt
def insert(request: HttpRequest) -> JsonResponse:
    key = request.headers.get("Authorization", "").removeprefix("Token ").strip()
    # The same token lookup as the API's authentication: one indexed read of the digest.
    token = ApiToken.objects.select_related("user").filter(digest=digest(key), revoked_at=None).first()
    if token is None or request.method != "POST":
        return JsonResponse({"code": "forbidden"}, status=403)
    data = json.loads(request.body)
    row = BareRow.objects.create(
        number=secrets.token_hex(8),
        channel=data["channel"],
        type=data.get("type", "appeal"),
        category_code=data["category"],
        title=data["title"],
        content=data["content"],
        petitioner_name=data["petitioner"]["name"],
        location_unit_id=int(data["location_unit"]),
        registered_by=token.user,
        received_at=timezone.now(),
    )
    return JsonResponse({"id": row.pk, "number": row.number, "status": row.status}, status=201)
