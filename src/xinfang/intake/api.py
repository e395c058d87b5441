"""JSON edge of smart intake, in the project's DRF style (errors through api/errors.py).

POST /intake/api/analyse/: the registration panel's analysis as data, written nowhere.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import Escalation
from xinfang.petitions.models import Category

from .analysis import Typed, analysis_for


# ``label`` and ``source`` are also attributes of DRF's Field; the stubs object to the shadowing.
class SuggestionOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    confidence = serializers.FloatField(allow_null=True, help_text="calibrated probability; null for rules")
    words = serializers.ListField(child=serializers.CharField(), help_text="words behind the suggestion")
    source = serializers.CharField(help_text="模型 vN / 分拨路由表 / 分类默认")  # type: ignore[assignment]


class CandidateOut(serializers.Serializer):
    petition_id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["same_petitioner", "similar_text"])
    similarity = serializers.FloatField()
    advice = serializers.CharField()
    article = serializers.CharField()


class ReasonOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    points = serializers.IntegerField()
    detail = serializers.CharField()


class RiskOut(serializers.Serializer):
    score = serializers.IntegerField()
    level = serializers.ChoiceField(choices=["low", "medium", "high"])
    reasons = ReasonOut(many=True)


class AnalysisOut(serializers.Serializer):
    suggestions = serializers.DictField(
        child=SuggestionOut(many=True), help_text="by target: category, unit, type, litigation"
    )
    candidates = CandidateOut(many=True)
    risk = RiskOut()


class IntakeAnalyseApi(APIView):
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, allow_blank=True, default="")
        content = serializers.CharField(allow_blank=True, default="")
        request = serializers.CharField(allow_blank=True, default="")
        location_unit = serializers.PrimaryKeyRelatedField(
            queryset=Unit.objects.filter(is_active=True), required=False, allow_null=True
        )
        category = serializers.SlugRelatedField(
            slug_field="code", queryset=Category.objects.all(), required=False, allow_null=True
        )
        id_number = serializers.CharField(allow_blank=True, default="")
        phone = serializers.CharField(allow_blank=True, default="")
        people_count = serializers.IntegerField(min_value=1, default=1)
        escalation = serializers.ChoiceField(choices=Escalation.choices, allow_blank=True, default="")
        major_urgent = serializers.BooleanField(default=False)

        def validate(self, attrs: dict[str, object]) -> dict[str, object]:
            if not (str(attrs["title"]).strip() or str(attrs["content"]).strip()):
                raise serializers.ValidationError({"content": "请填写标题或信访内容"})
            return attrs

    @extend_schema(
        request=InputSerializer,
        responses={200: AnalysisOut},
        summary="智能分析：分拨建议、重复件与相似件、风险等级（不写入）",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        result = analysis_for(user=user, typed=Typed(**data.validated_data))
        return Response(AnalysisOut(result.as_dict()).data)
