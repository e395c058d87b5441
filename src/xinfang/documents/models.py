from django.db import models


class DocumentTemplate(models.Model):
    """Editable wording of an official document; Django template syntax (see documents.defaults)."""

    kind = models.CharField("文书类型", max_length=30, unique=True)
    title = models.CharField("标题", max_length=40)
    body = models.TextField("正文模板")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="更新时间")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return self.title
