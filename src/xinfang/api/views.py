"""Thin REST endpoints: validate, call one service or selector, serialise."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfang.audit.services import access_record
from xinfang.common.exceptions import NotFound
from xinfang.integrations.idempotency import Reply, idempotency_key, idempotent_reply, request_fingerprint
from xinfang.orgs.models import Unit, User
from xinfang.petitions import selectors
from xinfang.petitions.constants import Channel, IdentityState, PetitionType
from xinfang.petitions.drafts import PersonDraft, PetitionDraft
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.pii import petitioner_read
from xinfang.petitions.services import petition_attach, petition_check, petition_register

from .serializers import (
    DeadlineOut,
    EventOut,
    PetitionCreatedOut,
    PetitionCreateIn,
    PetitionDetailOut,
    PetitionListOut,
    RuleDecisionOut,
)


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _ip(request: Request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _draft(data: dict[str, Any], user: User) -> PetitionDraft:
    if user.unit is None:
        raise serializers.ValidationError({"registered_unit": "您的账号未归属任何单位，不能登记"})
    return PetitionDraft(
        channel=data["channel"],
        type=data["type"],
        category=data["category"],
        title=data["title"],
        content=data["content"],
        request=data["request"],
        facts=data["facts"],
        reasons=data["reasons"],
        received_at=data["received_at"],
        people_count=data["people_count"],
        petitioner=PersonDraft(**data["petitioner"]),
        representatives=[PersonDraft(**rep) for rep in data["representatives"]],
        location_unit=data["location_unit"],
        registered_unit=user.unit,
        registered_by=user,
        accused_unit=data["accused_unit"],
        accused_description=data["accused_description"],
        litigation_related=data["litigation_related"],
        major_urgent=data["major_urgent"],
        escalation=data["escalation"],
        name_address_unclear=data["name_address_unclear"],
        competent_unit=data["competent_unit"],
    )


def prefers_minimal(request: Request) -> bool:
    """``Prefer: return=minimal`` (RFC 7240: comma-separated preferences, tokens case-insensitive)."""
    header = request.headers.get("Prefer", "")
    preferences = {part.split(";", 1)[0].strip().lower().replace(" ", "") for part in header.split(",")}
    return "return=minimal" in preferences


def detail_response(request: Request, petition: Petition, *, status: int = 200) -> Response:
    user = _user(request)
    context = {
        "petitioner": petitioner_read(user, petition, purpose="api_detail", ip=_ip(request)),
        "acts": acts_available(user, petition),
    }
    return Response(PetitionDetailOut(petition, context=context).data, status=status)


LIST_FILTERS = [
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("category", str, description="分类代码"),
    OpenApiParameter("channel", str, enum=Channel.values),
    OpenApiParameter("type", str, enum=PetitionType.values),
    OpenApiParameter("unit", int, description="当前办理单位 id"),
    OpenApiParameter("received_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("received_to", str, description="YYYY-MM-DD"),
    OpenApiParameter("overdue", bool),
    OpenApiParameter("key", bool, description="重点案件：重大紧急、集体访或重信重访"),
    OpenApiParameter("q", str, description="编号、查询码或标题关键词"),
    OpenApiParameter("id_number", str, description="信访人身份证号（精确匹配）"),
    OpenApiParameter("phone", str, description="信访人电话（精确匹配）"),
    OpenApiParameter("email", str, description="信访人电子邮箱（精确匹配）"),
    OpenApiParameter("name", str, description="信访人姓名（名称）（精确匹配）"),
    OpenApiParameter("family_name", str, description="信访人姓氏；须同时给出 place 或收到日期范围"),
    OpenApiParameter("place", int, description="问题属地单位 id（含下级）"),
    OpenApiParameter("identity_state", str, enum=IdentityState.values, description="身份核验状态"),
]


class ListFilterIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    category = serializers.CharField(required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    type = serializers.ChoiceField(choices=PetitionType.choices, required=False)
    unit = serializers.IntegerField(required=False)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    key = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False)
    id_number = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    name = serializers.CharField(required=False, max_length=100)
    family_name = serializers.CharField(required=False, max_length=4)
    place = serializers.IntegerField(required=False)
    identity_state = serializers.ChoiceField(choices=IdentityState.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("family_name") and not (
            attrs.get("place") or attrs.get("received_from") or attrs.get("received_to")
        ):
            raise serializers.ValidationError({"family_name": "按姓氏查询须同时限定问题属地或收到日期范围"})
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            # A range that cannot match says so, instead of an empty list (usability findings).
            raise serializers.ValidationError({"received_to": "不能早于收到日期（自）"})
        return attrs


class PetitionListCreateView(ListAPIView):
    serializer_class = PetitionListOut

    def get_queryset(self) -> Any:
        params = ListFilterIn(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        petitions = selectors.petitions_visible_to(_user(self.request))
        return (
            selectors.petitions_filter(petitions, **params.validated_data)
            .select_related("category", "current_unit")
            .order_by("-received_at", "-id")
        )

    @extend_schema(parameters=LIST_FILTERS, summary="信访事项列表（按数据范围）")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        if page is not None:
            access_record(
                user=_user(request),
                pairs=[(p.petitioner_id, p.pk) for p in page.object_list],
                purpose="api_list",
                unmasked=False,
                ip=_ip(request),
            )
        return response

    @extend_schema(
        request=PetitionCreateIn,
        parameters=[
            OpenApiParameter(
                "Prefer",
                str,
                OpenApiParameter.HEADER,
                enum=["return=minimal", "return=representation"],
                description="return=minimal（RFC 7240）：只返回编号、查询码和状态，不含个人信息；默认返回完整详情",
            )
        ],
        responses={
            201: PolymorphicProxySerializer(
                component_name="PetitionRegistered",
                serializers=[PetitionDetailOut, PetitionCreatedOut],
                resource_type_field_name=None,
            )
        },
        summary="登记信访事项",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        written: list[Petition] = []

        def create() -> Reply:
            data = PetitionCreateIn(data=request.data)
            data.is_valid(raise_exception=True)
            petition, decisions = petition_register(draft=_draft(data.validated_data, user))
            written.append(petition)
            # Only a reference is kept: the answer holds personal data, which stays encrypted in
            # its own table and is masked and access-recorded each time it is shown.
            kept = {"petition": petition.pk, "rule_checks": [d.as_dict() for d in decisions]}
            return Reply(201, json.dumps(kept, cls=DjangoJSONEncoder, ensure_ascii=False), "application/json")

        # A retried POST with the same Idempotency-Key gets the first petition, not a second one.
        reply = idempotent_reply(
            scope="api:petitions",
            client=f"user:{user.pk}",
            key=idempotency_key(request),
            fingerprint=request_fingerprint(json.dumps(request.data, sort_keys=True, default=str)),
            run=create,
        )
        kept = json.loads(reply.body)
        if prefers_minimal(request):
            # The receipt is not a read of a stored matter (ADR 0006): it answers from the row this
            # request has just written, with what the registrar sent or the write assigned. A
            # replay has no row in hand and reads it through the visibility selector.
            petition = (
                written[0]
                if written
                else selectors.petition_get_for(user, kept["petition"], only=PetitionCreatedOut.reads)
            )
            response = Response(
                PetitionCreatedOut(petition).data | {"rule_checks": kept["rule_checks"]}, status=201
            )
            response["Preference-Applied"] = "return=minimal"
        else:
            petition = selectors.petition_get_for(user, kept["petition"])
            response = detail_response(request, petition, status=201)
            response.data["rule_checks"] = kept["rule_checks"]
        response["Location"] = reverse("petition-detail", kwargs={"pk": kept["petition"]})
        patch_vary_headers(response, ["Prefer"])
        if reply.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class PetitionCheckView(APIView):
    @extend_schema(
        request=PetitionCreateIn,
        responses={200: RuleDecisionOut(many=True)},
        summary="登记前规则校验（不写入）",
    )
    def post(self, request: Request) -> Response:
        data = PetitionCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        decisions = petition_check(draft=_draft(data.validated_data, _user(request)))
        return Response([d.as_dict() for d in decisions])


class PetitionDetailView(APIView):
    @extend_schema(responses=PetitionDetailOut, summary="信访事项详情")
    def get(self, request: Request, pk: int) -> Response:
        return detail_response(request, selectors.petition_get_for(_user(request), pk))


class PetitionDeadlinesView(APIView):
    @extend_schema(responses=DeadlineOut(many=True), summary="法定期限（由办理记录推导）")
    def get(self, request: Request, pk: int) -> Response:
        petition = selectors.petition_get_for(_user(request), pk)
        return Response(DeadlineOut(selectors.petition_deadlines(petition), many=True).data)


class PetitionEventsView(APIView):
    @extend_schema(responses=EventOut(many=True), summary="办理记录")
    def get(self, request: Request, pk: int) -> Response:
        petition = selectors.petition_get_for(_user(request), pk)
        return Response(EventOut(selectors.petition_events(petition), many=True).data)


class MeOut(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    permissions = serializers.ListField(child=serializers.CharField())


class UnitOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    path = serializers.CharField()
    division_code = serializers.CharField(allow_blank=True)


class CategoryOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    default_type = serializers.CharField()
    litigation_related = serializers.BooleanField()


class MeView(APIView):
    @extend_schema(summary="当前用户", responses=MeOut)
    def get(self, request: Request) -> Response:
        user = _user(request)
        return Response(
            {
                "username": user.username,
                "name": user.display_name,
                "unit": user.unit.name if user.unit else "",
                "roles": [role.name for role in user.roles_cached()],
                "permissions": sorted(user.perms_granted()),
            }
        )


class UnitsView(APIView):
    # The schema used to say "an object" for what is a list (#12.5: schemathesis found it).
    @extend_schema(summary="单位树", responses=UnitOut(many=True))
    def get(self, request: Request) -> Response:
        units = Unit.objects.filter(is_active=True).values(
            "id", "name", "kind", "level", "parent_id", "path", "division_code"
        )
        return Response(list(units))


class CategoriesView(APIView):
    @extend_schema(summary="问题分类", responses=CategoryOut(many=True))
    def get(self, request: Request) -> Response:
        return Response(list(Category.objects.values("code", "name", "default_type", "litigation_related")))


def act_view(act: Act) -> type[APIView]:
    """A view class per act, so the OpenAPI schema documents each act's own input."""
    from .acts import ACT_ENDPOINTS

    endpoint = ACT_ENDPOINTS[act]

    class _ActView(APIView):
        @extend_schema(
            request=endpoint.serializer,
            responses={200: PetitionDetailOut},
            summary=f"{act.label}",
            operation_id=f"petition_{act.value}",
        )
        def post(self, request: Request, pk: int) -> Response:
            user = _user(request)
            petition = selectors.petition_get_for(user, pk)
            data = endpoint.serializer(data=request.data, context={"user": user})
            data.is_valid(raise_exception=True)
            args = dict(data.validated_data)
            version = args.pop("version", None)
            endpoint.service(petition=petition, actor=user, expected_version=version, **args)
            return detail_response(request, selectors.petition_get_for(user, pk))

    _ActView.__name__ = "".join(part.title() for part in act.value.split("_")) + "View"
    return _ActView


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class AttachmentIn(serializers.Serializer):
    file = serializers.FileField()
    version = serializers.IntegerField(required=False, min_value=1)


class PetitionAttachmentsView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses=AttachmentOut(many=True), summary="附件列表")
    def get(self, request: Request, pk: int) -> Response:
        petition = selectors.petition_get_for(_user(request), pk)
        return Response(AttachmentOut(petition.attachments.order_by("pk"), many=True).data)

    @extend_schema(request=AttachmentIn, responses={201: AttachmentOut}, summary="上传材料（第十九条第一款）")
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        petition = selectors.petition_get_for(user, pk)
        data = AttachmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        _, attachment = petition_attach(
            petition=petition,
            actor=user,
            upload=data.validated_data["file"],
            expected_version=data.validated_data.get("version"),
        )
        return Response(AttachmentOut(attachment).data, status=201)


class AttachmentDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes}, summary="下载附件")
    def get(self, request: Request, pk: int, attachment_id: int) -> FileResponse:
        petition = selectors.petition_get_for(_user(request), pk)
        attachment = petition.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise NotFound()
        # Always a download of opaque bytes (as documented): the client never renders an upload inline.
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type="application/octet-stream",
        )
