"""SQLAlchemy models. Importing this package registers every table on ``Base.metadata``."""

from models.base import Base
from models.catalog import Category, Product, Store
from models.compound import Building, Compound, Resident, Unit
from models.meta import AppMeta
from models.people import Member, Operator, Role
from models.records import AuditEntry, OutboxEvent

__all__ = [
    "AppMeta",
    "AuditEntry",
    "Base",
    "Building",
    "Category",
    "Compound",
    "Member",
    "Operator",
    "OutboxEvent",
    "Product",
    "Resident",
    "Role",
    "Store",
    "Unit",
]
