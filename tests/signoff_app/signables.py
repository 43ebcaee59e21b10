from collab.selectors import Role
from collab.signables import SignableType, SignerRole, register

from .models import Memo


@register
class MemoApproval(SignableType):
    key = "test_memo"
    title = "协同备忘录"
    model = Memo
    template = "documents/test_memo.html"

    def snapshot(self, memo):
        return {"title": memo.title, "body": memo.body, "department": memo.department.code}

    def code(self, memo):
        return f"MEMO-{memo.pk:04d}"

    def signers(self, memo):
        departments = [memo.department, memo.second_department]
        return [SignerRole(Role.HEAD, department) for department in departments if department]

    def can_view(self, memo, user):
        return user.department_id == memo.department_id

    def on_decided(self, memo, request, by):
        memo.decided = request.status
        memo.save(update_fields=["decided"])


@register
class HeavyMemoApproval(MemoApproval):
    key = "test_memo_heavy"
    heavy = True
