from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from devices.gtin import is_valid_gtin
from models import Building, Category, Member, Product, Resident
from services.database import open_database, reset_demo_data
from services.desk import Desk
from tests.db_fixtures import sqlite_url


def test_demo_shop_and_compound(desk: Desk) -> None:
    with desk.db.sessions() as s:
        codes = s.scalars(select(Product.code)).all()
        assert len(codes) >= 200 and all(is_valid_gtin(c) and len(c) == 13 for c in codes)
        assert all(c[:3] in {"690", "691", "692", "693", "694", "695"} for c in codes)
        assert s.scalar(select(func.count(Category.id))) >= 12
        assert s.scalar(select(func.min(Product.price_fen))) > 0
        assert s.scalar(select(func.count(Member.id))) == 50
        assert s.scalar(select(func.count(Resident.id))) == 100
        positions = s.execute(select(Building.x_m, Building.y_m)).all()
        assert len(positions) >= 6 and len(set(positions)) == len(positions)
        phones = s.scalars(select(Resident.phone)).all() + s.scalars(select(Member.phone)).all()
        assert len(set(phones)) == len(phones)
    assert desk.has_demo_data()


def test_demo_data_is_deterministic(tmp_path: Path, desk: Desk) -> None:
    other = open_database(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        def snapshot(sessions):  # type: ignore[no-untyped-def]
            with sessions() as s:
                return (s.execute(select(Product.code, Product.name, Product.price_fen).order_by(Product.code)).all(),
                        s.execute(select(Resident.name, Resident.phone).order_by(Resident.id)).all())
        assert snapshot(other.sessions) == snapshot(desk.db.sessions)
    finally:
        other.close()


def test_demo_reset_restores_the_demo(desk: Desk) -> None:
    with desk.db.sessions() as s, s.begin():
        s.query(Product).filter(Product.price_fen > 1000).update({"price_fen": 1})
    reset_demo_data(desk.db)
    with desk.db.sessions() as s:
        assert s.scalar(select(func.count(Product.id).filter(Product.price_fen == 1))) == 0
        assert s.scalar(select(func.count(Resident.id))) == 100
