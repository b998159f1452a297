"""The demo shop and compound: deterministic (seeded), realistic enough to work a shift with.

Products carry valid EAN-13 codes under the GS1 China prefixes 690-695; prices are
integer fen. Demo operator PINs are documented in the README.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.gtin import with_check_digit
from models import (
    AppMeta,
    Building,
    Category,
    Compound,
    CouponKind,
    CouponScope,
    CouponStatus,
    CouponTarget,
    CouponTemplate,
    Member,
    Operator,
    Product,
    Promotion,
    PromotionKind,
    PromotionTrigger,
    Resident,
    Role,
    Store,
    Unit,
)
from models.base import utcnow
from services.core.pins import hash_pin
from services.demo.parcels import load_demo_parcels
from services.members.profiles import emit_member_profile

SEED = 20261123
DEMO_META_KEY = "demo_data"

DEMO_OPERATORS = (
    # login, name, role, PIN
    ("cashier", "王芳", Role.CASHIER, "1111"),
    ("desk", "李强", Role.DESK, "2222"),
    ("admin", "张伟", Role.ADMIN, "9999"),
)

# category code, zh, en, [(zh, en, unit, base price fen)], size variants [(zh, en, price factor %)]
_CATALOG: list[tuple[str, str, str, list[tuple[str, str, str, int]], list[tuple[str, str, int]]]] = [
    (
        "DRINK",
        "饮料",
        "Drinks",
        [
            ("矿泉水", "Mineral water", "瓶", 200),
            ("纯净水", "Purified water", "瓶", 150),
            ("可乐", "Cola", "瓶", 350),
            ("雪碧", "Lemon-lime soda", "瓶", 350),
            ("冰红茶", "Iced black tea", "瓶", 300),
            ("绿茶", "Green tea drink", "瓶", 300),
            ("橙汁", "Orange juice", "瓶", 580),
            ("苹果汁", "Apple juice", "瓶", 580),
            ("苏打水", "Soda water", "瓶", 450),
        ],
        [("500ml", "500 ml", 100), ("1.5L", "1.5 L", 230)],
    ),
    (
        "DAIRY",
        "乳制品",
        "Dairy",
        [
            ("纯牛奶", "Whole milk", "盒", 350),
            ("低脂牛奶", "Low-fat milk", "盒", 380),
            ("原味酸奶", "Plain yoghurt", "杯", 450),
            ("草莓酸奶", "Strawberry yoghurt", "杯", 480),
            ("奶酪片", "Cheese slices", "包", 1800),
            ("黄油", "Butter", "块", 2200),
            ("豆奶", "Soy milk", "盒", 300),
            ("乳酸菌饮品", "Lactobacillus drink", "瓶", 250),
            ("炼乳", "Condensed milk", "罐", 900),
        ],
        [("250ml", "250 ml", 100), ("1L 家庭装", "1 L family pack", 330)],
    ),
    (
        "SNACK",
        "零食",
        "Snacks",
        [
            ("薯片 原味", "Potato chips, original", "袋", 750),
            ("薯片 番茄味", "Potato chips, tomato", "袋", 750),
            ("苏打饼干", "Soda crackers", "袋", 650),
            ("巧克力", "Chocolate bar", "块", 1200),
            ("瓜子", "Sunflower seeds", "袋", 900),
            ("牛肉干", "Beef jerky", "袋", 2800),
            ("海苔", "Seaweed snack", "袋", 1000),
            ("坚果混合装", "Mixed nuts", "袋", 3500),
            ("辣条", "Spicy gluten strips", "袋", 300),
        ],
        [("小包", "small", 100), ("大包", "large", 180)],
    ),
    (
        "NOODLE",
        "方便食品",
        "Instant food",
        [
            ("红烧牛肉面", "Braised beef noodles", "桶", 500),
            ("酸菜牛肉面", "Pickled cabbage noodles", "桶", 500),
            ("海鲜面", "Seafood noodles", "桶", 550),
            ("自热火锅", "Self-heating hotpot", "盒", 2990),
            ("速冻水饺", "Frozen dumplings", "袋", 1890),
            ("火腿肠", "Ham sausage", "根", 250),
            ("八宝粥", "Eight-treasure porridge", "罐", 450),
            ("午餐肉罐头", "Luncheon meat", "罐", 1690),
            ("螺蛳粉", "Luosifen rice noodles", "袋", 1590),
        ],
        [("单份", "single", 100), ("五连包", "5-pack", 450)],
    ),
    (
        "GRAIN",
        "粮油调味",
        "Rice, oil & seasoning",
        [
            ("东北大米", "Northeast rice", "袋", 3990),
            ("面粉", "Wheat flour", "袋", 2590),
            ("花生油", "Peanut oil", "桶", 7990),
            ("生抽酱油", "Light soy sauce", "瓶", 1290),
            ("香醋", "Aromatic vinegar", "瓶", 990),
            ("食盐", "Table salt", "袋", 250),
            ("白砂糖", "White sugar", "袋", 690),
            ("火锅底料", "Hotpot base", "袋", 1290),
            ("挂面", "Dried noodles", "把", 650),
        ],
        [("标准装", "standard", 100), ("大容量", "large", 190)],
    ),
    (
        "FRUIT",
        "水果",
        "Fruit",
        [
            ("红富士苹果", "Fuji apples", "袋", 1290),
            ("香蕉", "Bananas", "把", 890),
            ("砂糖橘", "Mandarins", "袋", 1590),
            ("葡萄", "Grapes", "盒", 1990),
            ("猕猴桃", "Kiwifruit", "盒", 2490),
            ("火龙果", "Dragon fruit", "个", 890),
            ("梨", "Pears", "袋", 1190),
            ("圣女果", "Cherry tomatoes", "盒", 990),
            ("蓝莓", "Blueberries", "盒", 2990),
        ],
        [("单盒", "one pack", 100), ("家庭装", "family pack", 200)],
    ),
    (
        "BAKERY",
        "面包糕点",
        "Bakery",
        [
            ("吐司面包", "Toast bread", "袋", 890),
            ("全麦面包", "Whole-wheat bread", "袋", 1190),
            ("牛角包", "Croissant", "个", 650),
            ("蛋黄派", "Custard pie", "盒", 1290),
            ("月饼", "Mooncake", "个", 890),
            ("蛋糕卷", "Swiss roll", "个", 1090),
            ("奶油面包", "Cream bun", "个", 590),
            ("法棍", "Baguette", "根", 990),
            ("肉松面包", "Pork floss bun", "个", 690),
        ],
        [("单个", "single", 100), ("分享装", "sharing pack", 280)],
    ),
    (
        "CLEAN",
        "日化清洁",
        "Household cleaning",
        [
            ("洗衣液", "Laundry liquid", "瓶", 3990),
            ("洗洁精", "Dish soap", "瓶", 990),
            ("消毒液", "Disinfectant", "瓶", 1990),
            ("垃圾袋", "Bin bags", "卷", 990),
            ("抽纸", "Facial tissues", "包", 1290),
            ("卷纸", "Toilet paper", "提", 2990),
            ("湿巾", "Wet wipes", "包", 890),
            ("洗衣凝珠", "Laundry pods", "盒", 4990),
            ("厨房纸", "Kitchen towel", "卷", 1190),
        ],
        [("标准装", "standard", 100), ("补充装", "refill", 160)],
    ),
    (
        "CARE",
        "个人护理",
        "Personal care",
        [
            ("牙膏", "Toothpaste", "支", 1590),
            ("牙刷", "Toothbrush", "支", 990),
            ("洗发水", "Shampoo", "瓶", 4590),
            ("沐浴露", "Shower gel", "瓶", 3990),
            ("香皂", "Soap bar", "块", 590),
            ("洗手液", "Hand wash", "瓶", 1890),
            ("剃须刀", "Razor", "个", 2990),
            ("护手霜", "Hand cream", "支", 1990),
            ("卫生巾", "Sanitary pads", "包", 1690),
        ],
        [("标准装", "standard", 100), ("家庭装", "family size", 170)],
    ),
    (
        "BABY",
        "母婴",
        "Baby",
        [
            ("纸尿裤 M", "Diapers M", "包", 6990),
            ("纸尿裤 L", "Diapers L", "包", 7290),
            ("婴儿湿巾", "Baby wipes", "包", 1290),
            ("婴儿奶粉", "Infant formula", "罐", 22800),
            ("米粉", "Baby rice cereal", "盒", 4990),
            ("婴儿洗衣液", "Baby laundry liquid", "瓶", 3990),
            ("奶瓶", "Feeding bottle", "个", 5990),
            ("儿童牙膏", "Kids' toothpaste", "支", 1590),
            ("磨牙饼干", "Teething biscuits", "盒", 2590),
        ],
        [("单件", "single", 100), ("两件装", "twin pack", 190)],
    ),
    (
        "FROZEN",
        "冷冻冷藏",
        "Frozen & chilled",
        [
            ("冰淇淋", "Ice cream", "盒", 1590),
            ("雪糕", "Ice lolly", "支", 350),
            ("鸡胸肉", "Chicken breast", "盒", 1990),
            ("猪肉馅", "Minced pork", "盒", 2390),
            ("速冻汤圆", "Frozen tangyuan", "袋", 1290),
            ("鸡蛋", "Eggs", "盒", 1590),
            ("豆腐", "Tofu", "盒", 350),
            ("虾仁", "Peeled shrimp", "袋", 4590),
            ("培根", "Bacon", "包", 2290),
        ],
        [("标准装", "standard", 100), ("超值装", "value pack", 185)],
    ),
    (
        "STATION",
        "文具日用",
        "Stationery & everyday",
        [
            ("中性笔", "Gel pen", "支", 250),
            ("笔记本", "Notebook", "本", 890),
            ("电池 5号", "AA batteries", "板", 1590),
            ("电池 7号", "AAA batteries", "板", 1590),
            ("雨伞", "Umbrella", "把", 3990),
            ("数据线", "USB-C cable", "根", 2990),
            ("胶带", "Sticky tape", "卷", 350),
            ("打火机", "Lighter", "个", 200),
            ("口罩", "Face masks", "盒", 1990),
        ],
        [("单件", "single", 100), ("多件装", "multi-pack", 260)],
    ),
]

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰云飞鹏辉斌宇浩凯欣怡婷雪梅琳晨阳思佳"

# Buildings of the demo compound on its site plan (metres from the south-west gate).
_BUILDINGS = [
    ("1", 40, 30, 18),
    ("2", 110, 30, 18),
    ("3", 180, 30, 11),
    ("5", 40, 110, 11),
    ("6", 110, 110, 26),
    ("7", 180, 110, 26),
    ("8", 60, 180, 6),
    ("9", 150, 180, 6),
]


@dataclass(frozen=True)
class DemoSummary:
    products: int
    categories: int
    members: int
    buildings: int
    units: int
    residents: int


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        phone = (
            rng.choice(["13", "15", "17", "18", "19"])
            + str(rng.randint(0, 9))
            + f"{rng.randrange(10**8):08d}"
        )
        if phone not in used:
            used.add(phone)
            return phone


def _name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def _round_price(fen: int) -> int:
    """Shelf prices end in 0 or 9 jiao-fen the way Chinese shops price them (e.g. ¥12.90, ¥3.50)."""
    return max(100, (fen // 10) * 10) if fen < 1000 else (fen // 100) * 100 - 10


def _demo_coupons(session: Session, store_id: int) -> None:
    """A realistic spread: every kind and scope, limited stock, a code-only coupon, an exclusive one."""
    now = utcnow()
    window = {"valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=90)}
    cola = session.scalars(select(Product.code).where(Product.name.like("可乐%"))).all()
    specs: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
        ({"code": "MJ100", "title": "全场满100减10，满200减25", "title_en": "¥10 off ¥100, ¥25 off ¥200",
          "kind": CouponKind.THRESHOLD, "scope": CouponScope.STORE, "store_id": store_id,
          "tiers": [[10000, 1000], [20000, 2500]], "total_stock": 500, "valid_days_after_claim": 30,
          "exclusivity_group": "store-threshold"}, []),
        ({"code": "DRINK20", "title": "饮料8折，最高减5元", "title_en": "Drinks 20% off, up to ¥5",
          "kind": CouponKind.PERCENT, "scope": CouponScope.CATEGORY, "percent": 20, "cap_fen": 500,
          "per_member_limit": 2}, [("category", "DRINK")]),
        ({"code": "COLA1", "title": "可乐立减1元", "title_en": "¥1 off cola", "kind": CouponKind.FIXED,
          "scope": CouponScope.PRODUCT, "value_fen": 100, "total_stock": 100}, [("product", c) for c in cola]),
        ({"code": "DAIRY5", "title": "乳制品满30减5", "title_en": "Dairy: ¥5 off ¥30", "kind": CouponKind.THRESHOLD,
          "scope": CouponScope.CATEGORY, "tiers": [[3000, 500]]}, [("category", "DAIRY")]),
        ({"code": "SNACK21", "title": "零食买二送一", "title_en": "Snacks: buy 2, get 1 free",
          "kind": CouponKind.BUY_N_GET_M, "scope": CouponScope.CATEGORY, "buy_n": 2, "get_m": 1}, [("category", "SNACK")]),
        ({"code": "BREAD50", "title": "面包糕点最便宜一件5折", "title_en": "Bakery: cheapest item half price",
          "kind": CouponKind.CHEAPEST_ITEM, "scope": CouponScope.CATEGORY, "percent": 50,
          "min_spend_fen": 1500}, [("category", "BAKERY")]),
        ({"code": "CLEAN8", "title": "日化满50减8", "title_en": "Cleaning: ¥8 off ¥50", "kind": CouponKind.THRESHOLD,
          "scope": CouponScope.CATEGORY, "tiers": [[5000, 800]]}, [("category", "CLEAN")]),
        ({"code": "CARE10", "title": "个人护理9折，最高减10元", "title_en": "Personal care 10% off, up to ¥10",
          "kind": CouponKind.PERCENT, "scope": CouponScope.CATEGORY, "percent": 10, "cap_fen": 1000},
         [("category", "CARE")]),
        ({"code": "FRUIT6", "title": "水果满40减6", "title_en": "Fruit: ¥6 off ¥40", "kind": CouponKind.THRESHOLD,
          "scope": CouponScope.CATEGORY, "tiers": [[4000, 600]], "exclusivity_group": "fresh"}, [("category", "FRUIT")]),
        ({"code": "FROZEN31", "title": "冷冻食品买三免一", "title_en": "Frozen: buy 3, get 1 free",
          "kind": CouponKind.BUY_N_GET_M, "scope": CouponScope.CATEGORY, "buy_n": 3, "get_m": 1,
          "exclusivity_group": "fresh"}, [("category", "FROZEN")]),
        ({"code": "BABY30", "title": "母婴满199减30（限量）", "title_en": "Baby: ¥30 off ¥199 (limited)",
          "kind": CouponKind.THRESHOLD, "scope": CouponScope.CATEGORY, "tiers": [[19900, 3000]],
          "total_stock": 3}, [("category", "BABY")]),
        ({"code": "WEEKEND5", "title": "周末全场95折，最高减20元（不与其他券同享）",
          "title_en": "Weekend 5% off everything, up to ¥20 (no other coupons)", "kind": CouponKind.PERCENT,
          "scope": CouponScope.ORDER, "percent": 5, "cap_fen": 2000, "exclusive": True}, []),
        ({"code": "NEW5", "title": "新会员无门槛5元券", "title_en": "New member: ¥5 off, no minimum",
          "kind": CouponKind.FIXED, "scope": CouponScope.ORDER, "value_fen": 500, "surfaced_by_scan": False,
          "valid_days_after_claim": 14}, []),
        ({"code": "NOODLE3", "title": "方便食品满20减3（已暂停）", "title_en": "Instant food: ¥3 off ¥20 (paused)",
          "kind": CouponKind.THRESHOLD, "scope": CouponScope.CATEGORY, "tiers": [[2000, 300]],
          "status": CouponStatus.PAUSED}, [("category", "NOODLE")]),
        # What an admin list holds besides live coupons: last season's, and the next campaign.
        ({"code": "AUTUMN15", "title": "中秋满150减15（已结束）", "title_en": "Mid-autumn: ¥15 off ¥150 (ended)",
          "kind": CouponKind.THRESHOLD, "scope": CouponScope.STORE, "store_id": store_id, "tiers": [[15000, 1500]],
          "total_stock": 300, "valid_from": now - timedelta(days=75), "valid_until": now - timedelta(days=45)}, []),
        ({"code": "D12GO30", "title": "双十二满200减30", "title_en": "Double 12: ¥30 off ¥200",
          "kind": CouponKind.THRESHOLD, "scope": CouponScope.STORE, "store_id": store_id, "tiers": [[20000, 3000]],
          "total_stock": 1000, "valid_from": now + timedelta(days=14), "valid_until": now + timedelta(days=17),
          "exclusivity_group": "store-threshold"}, []),
    ]
    for fields, targets in specs:
        template = CouponTemplate(**(window | fields))
        session.add(template)
        session.flush()
        for kind, code in targets:
            session.add(CouponTarget(template_id=template.id, target_kind=kind, target_code=code))


# Promoted products (services/coupons/promotions.py): (trigger kind, trigger: product name or category code,
# promoted product name, pitch zh, pitch en, priority). Featured items have no trigger.
_PROMOTIONS: list[tuple[str, str, str, str, str, int]] = [
    ("product", "可乐 500ml", "薯片 原味 小包", "配薯片更过瘾", "Goes great with chips", 5),
    ("product", "可乐 1.5L", "薯片 番茄味 大包", "聚会装配大包薯片", "Party size: add big chips", 5),
    ("product", "牙膏 标准装", "牙刷 标准装", "牙膏配新牙刷", "Time for a new toothbrush", 5),
    ("product", "速冻水饺 单份", "香醋 标准装", "饺子蘸醋", "Dumplings want vinegar", 5),
    ("category", "SNACK", "可乐 500ml", "零食配冰可乐", "Snacks and a cold cola", 3),
    ("category", "NOODLE", "火腿肠 单份", "泡面加根肠", "Add a ham sausage", 3),
    ("category", "NOODLE", "鸡蛋 标准装", "泡面加个蛋", "Add an egg", 2),
    ("category", "BAKERY", "纯牛奶 250ml", "面包配牛奶", "Bread and milk", 3),
    ("category", "DAIRY", "吐司面包 单个", "牛奶配吐司", "Milk and toast", 3),
    ("category", "FRUIT", "原味酸奶 250ml", "水果酸奶杯", "Fruit with yoghurt", 2),
    ("category", "BABY", "婴儿湿巾 单件", "宝宝出门必备", "Baby wipes for the road", 3),
    ("category", "GRAIN", "生抽酱油 标准装", "做饭少不了", "For the kitchen", 2),
    ("category", "CLEAN", "垃圾袋 标准装", "顺手带一卷", "Grab a roll of bin bags", 2),
    ("category", "CARE", "护手霜 标准装", "冬季护手", "Winter hand care", 2),
    ("featured", "", "坚果混合装 小包", "本周推荐：每日坚果", "This week: mixed nuts", 4),
    ("featured", "", "蓝莓 单盒", "当季鲜果", "In season: blueberries", 3),
    ("featured", "", "冰淇淋 标准装", "新品上架", "New: ice cream", 2),
    ("featured", "", "抽纸 标准装", "囤货好价", "Stock up: tissues", 1),
]


def _demo_promotions(session: Session, store_id: int) -> None:
    rows = session.execute(select(Product.name, Product.id, Product.code)).all()
    ids = {name: product_id for name, product_id, _ in rows}
    names = {name.replace(" ", ""): code for name, _, code in rows}
    for trigger, source, promoted, pitch, pitch_en, priority in _PROMOTIONS:
        featured = trigger == "featured"
        code = source if trigger == "category" else names.get(source.replace(" ", ""), "")
        if promoted not in ids or (not featured and not code):
            continue  # the catalogue changed: leave that promotion out rather than fail the demo
        session.add(Promotion(
            store_id=store_id, kind=PromotionKind.FEATURED if featured else PromotionKind.RELATED,
            trigger_kind=PromotionTrigger.NONE if featured else PromotionTrigger(trigger),
            trigger_code="" if featured else code, product_id=ids[promoted], pitch=pitch, pitch_en=pitch_en,
            priority=priority,
        ))


def load_demo_data(session: Session) -> DemoSummary:
    rng = random.Random(SEED)
    store = Store(code="S001", name="翠湖便利店", address="翠湖花园南门 1 号", timezone="Asia/Shanghai")
    session.add(store)
    session.add(AppMeta(key=DEMO_META_KEY, value=str(SEED)))
    session.flush()
    for login, name, role, pin in DEMO_OPERATORS:
        session.add(Operator(login=login, name=name, role=role, pin_hash=hash_pin(pin), store_id=store.id))

    products = 0
    used_codes: set[str] = set()
    for cat_index, (code, zh, en, items, variants) in enumerate(_CATALOG):
        category = Category(code=code, name=zh, name_en=en)
        session.add(category)
        session.flush()
        manufacturer = f"69{cat_index % 6}{rng.randrange(1000, 9999)}"  # 690-695 + 4-digit company
        for item_index, (item_zh, item_en, unit_name, base) in enumerate(items):
            for v_index, (v_zh, v_en, factor) in enumerate(variants):
                body = f"{manufacturer}{item_index:03d}{v_index:02d}"[:12]
                ean = with_check_digit(body)
                assert ean not in used_codes
                used_codes.add(ean)
                price = _round_price(base * factor // 100 + rng.randrange(0, 60))
                session.add(
                    Product(
                        code=ean,
                        name=f"{item_zh} {v_zh}",
                        name_en=f"{item_en}, {v_en}",
                        price_fen=price,
                        unit=unit_name,
                        category_id=category.id,
                    )
                )
                products += 1

    _demo_coupons(session, store.id)
    _demo_promotions(session, store.id)

    phones: set[str] = set()
    for i in range(50):
        member = Member(
            member_code=f"M{2026_0001 + i}",
            name=_name(rng),
            phone=_phone(rng, phones),
            store_id=store.id,
            consent_marketing=rng.random() < 0.6,
            consent_contact_share=rng.random() < 0.3,
        )
        session.add(member)
        emit_member_profile(session, member)  # the server's member phone pages learn of them

    compound = Compound(code="C001", name="翠湖花园", timezone="Asia/Shanghai")
    session.add(compound)
    session.flush()
    units: list[Unit] = []
    for b_code, x, y, floors in _BUILDINGS:
        building = Building(
            compound_id=compound.id, code=b_code, name=f"{b_code}号楼", x_m=x, y_m=y, floors=floors
        )
        session.add(building)
        session.flush()
        for floor in range(1, floors + 1):
            for door in (1, 2, 3, 4) if floors > 11 else (1, 2):
                unit = Unit(building_id=building.id, code=f"{floor}{door:02d}", floor=floor)
                session.add(unit)
                units.append(unit)
    session.flush()
    # 100 residents in 72 homes: one each, and 28 second members of a household.
    homes = rng.sample(units, 72)
    for unit in homes + rng.sample(homes, 28):
        session.add(
            Resident(
                unit_id=unit.id,
                name=_name(rng),
                phone=_phone(rng, phones),
                consent_face=False,
                consent_notifications=rng.random() < 0.9,
            )
        )
    session.flush()
    load_demo_parcels(session, compound, utcnow())  # lockers on boards 1-2, pickup histories, parcels
    return DemoSummary(products, len(_CATALOG), 50, len(_BUILDINGS), len(units), 100)
