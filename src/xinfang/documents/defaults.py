"""Default wording of each document (Django template syntax); bureaus edit them in the admin.

Context: p (petition), petitioner, event (the act's payload), unit (issuing unit name),
date (issue date in Chinese), article (the articles of the decision's ground), new_due (延期告知书:
the extended deadline), number, conclusion (the outcome as a sentence, or empty).
"""

DEFAULT_BODIES = {
    "accept_notice": (
        "{{ petitioner }}：\n"
        "您于{{ received }}以{{ p.get_channel_display }}形式反映的“{{ p.title }}”一事，本机关已于{{ date }}依法受理。"
        "我们将依照《信访工作条例》规定的程序和期限办理，并将处理意见书面答复您。\n"
        "{% if event.notice %}{{ event.notice }}\n{% endif %}"
        "您可凭查询码 {{ p.query_code }} 查询办理进展和结果。"
    ),
    "decline_notice": (
        "{{ petitioner }}：\n"
        "您于{{ received }}反映的“{{ p.title }}”一事，经审查，{{ event.reason }}。"
        "根据《信访工作条例》{{ event.article }}的规定，本机关不予受理。"
        "{% if p.litigation_related %}该事项涉及诉讼权利救济，请依照法律法规规定的程序向有关政法部门提出。{% endif %}"
    ),
    "refuse_notice": (
        "{{ petitioner }}：\n"
        "您于{{ received }}反映的“{{ p.title }}”一事，{{ event.reason }}。"
        "根据《信访工作条例》{{ event.article }}的规定，各级机关不再受理。"
    ),
    "dispatch_sheet": (
        "{{ event.to_unit_name }}：\n"
        "现将{{ petitioner }}反映的“{{ p.title }}”一事{% if event.mode == 'assign' %}交由你单位办理，"
        "请于{{ event.due_days }}日内办结并反馈办理结果、提交办结报告{% else %}转送你单位，请依法处理{% endif %}。"
        "属于你单位职权范围的，请自收到之日起15日内书面告知信访人；不属于的，请于5个工作日内提出异议并说明理由。\n"
        "信访事项编号：{{ p.number }}。{% if event.note %}\n{{ event.note }}{% endif %}"
    ),
    "transfer_notice": (
        "{{ petitioner }}：\n"
        "您于{{ received }}以{{ p.get_channel_display }}形式向本机关反映的“{{ p.title }}”一事，"
        "依照《信访工作条例》第二十三条第一款的规定，本机关已于{{ date }}将其"
        "{% if event.mode == 'assign' %}交由{{ event.to_unit_name }}办理{% else %}转送{{ event.to_unit_name }}依法处理{% endif %}。"
        "{{ event.to_unit_name }}将自收到之日起15日内书面告知您是否受理。特此告知。\n"
        "您可凭查询码 {{ p.query_code }} 查询办理进展和结果。"
    ),
    "completion_report": (
        "{{ event.to_unit_name }}：\n"
        "你单位交办的{{ petitioner }}反映的“{{ p.title }}”一事（信访件编号：{{ p.number }}），"
        "本单位已办理完毕，现依照《信访工作条例》第二十二条第一款第三项的规定报告办理结果如下：\n"
        "{{ event.summary }}\n"
        "特此报告。"
    ),
    "extension_notice": (
        "{{ petitioner }}：\n"
        "您反映的“{{ p.title }}”一事，因{{ event.reason }}，经本机关负责人批准，办理期限延长{{ event.days }}日"
        "{% if new_due %}，延长后的办理期限至{{ new_due }}{% endif %}。"
        "特此告知。"
    ),
    "opinion": (
        "{{ petitioner }}：\n"
        "一、投诉请求：{{ p.request|default:p.title }}\n"
        "二、事实和理由：{{ p.facts|default:p.content }}{% if p.reasons %}；{{ p.reasons }}{% endif %}\n"
        "三、处理意见：{{ event.opinion }}{{ conclusion }}\n"
        "四、法律法规依据：{{ event.legal_basis }}\n"
        "如对本处理意见不服，可以自收到本意见书之日起30日内向本机关的上一级机关、单位请求复查。"
    ),
    "accusation_reply": (
        "{{ petitioner }}：\n"
        "您反映的“{{ p.title }}”一事，本机关已依规依纪依法办理。现将办理情况反馈如下：\n"
        "{{ event.opinion }}\n"
        "依据：{{ event.legal_basis }}\n"
        "本机关将对您的检举控告严格保密。"
    ),
    "duty_reply": (
        "{{ petitioner }}：\n"
        "您反映的“{{ p.title }}”一事，属于申请查处违法行为、履行保护人身权或者财产权等合法权益职责的事项，"
        "本机关已{{ event.manner_label }}：\n"
        "{{ event.content }}\n"
        "依据：{{ event.legal_basis }}\n"
        "如对本机关的履职行为或答复不服，可以依照法律法规规定的程序申请行政复议或者提起行政诉讼。"
    ),
    "review_opinion": (
        "{{ petitioner }}：\n"
        "您对“{{ p.title }}”一事的处理意见不服，请求复查。经复查，{{ event.opinion }}{{ conclusion }}\n"
        "{% if event.outcome == 'revoke' %}撤销原处理意见的理由：{{ event.reason }}。本事项责令原承办单位重新办理，"
        "原承办单位将重新作出处理意见并书面答复您。"
        "{% else %}如对本复查意见不服，可以自收到本意见书之日起30日内向本机关的上一级机关、单位请求复核。{% endif %}"
    ),
    "recheck_opinion": (
        "{{ petitioner }}：\n"
        "您对“{{ p.title }}”一事的复查意见不服，请求复核。经复核，{{ event.opinion }}{{ conclusion }}\n"
        "{% if event.outcome == 'revoke' %}撤销原处理意见的理由：{{ event.reason }}。本事项责令原承办单位重新办理，"
        "原承办单位将重新作出处理意见并书面答复您。"
        "{% else %}本复核意见为最终意见。信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，各级机关不再受理。{% endif %}"
    ),
}
