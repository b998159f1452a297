"""Group-buy refusals (services.groupbuy GroupBuyError reasons) as sentences for the cashier."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gui.common.i18n import error_text
from services.core.errors import DeskError
from services.groupbuy.service import GroupBuyError


def groupbuy_error_text(exc: BaseException) -> str | None:
    """The sentence for a refused group-buy action; None for an error that is a bug, not a refusal."""
    if isinstance(exc, DeskError):
        return error_text(exc)
    if not isinstance(exc, GroupBuyError):
        return None
    p = exc.params
    reason = exc.reason
    if reason == GroupBuyError.UNKNOWN_GROUP:
        return QCoreApplication.translate("GroupBuy", "There is no group {code}.").format(code=f"G{int(str(p.get('group_id', 0))):06d}")
    if reason == GroupBuyError.GROUP_NOT_PAYABLE:
        state = str(p.get("state", ""))
        if state == "settled":
            return QCoreApplication.translate("GroupBuy", "This group has already been paid (at this or another counter). Nothing was charged.")
        if state == "forming":
            return QCoreApplication.translate("GroupBuy", "This group is still waiting for its members' answers; it cannot be paid yet.")
        return QCoreApplication.translate("GroupBuy", "This group has expired; it cannot be paid.")
    if reason == GroupBuyError.BAD_GROUP_BASKET:
        return QCoreApplication.translate("GroupBuy", "Every member of the group needs a basket and a payment before the group can be paid.")
    if reason == GroupBuyError.UNKNOWN_STORE:
        return QCoreApplication.translate("GroupBuy", "This desk's store ({store}) is not in the database: check Settings.").format(
            store=p.get("store_id", ""))
    if reason == GroupBuyError.UNKNOWN_MEMBER:
        return QCoreApplication.translate("GroupBuy", "That member is not in the database any more.")
    return QCoreApplication.translate("GroupBuy", "The group-buy action was refused ({reason}).").format(reason=reason)
