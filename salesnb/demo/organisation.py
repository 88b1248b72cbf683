"""The shape of the demo organisation: regions, teams, rates per team type and the planted patterns.

Everything here is a declaration; :mod:`salesnb.demo.generator` turns it into data.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesnb.warehouse import schema

REGIONS = [("east", "East China"), ("north", "North China")]
#: Every demo person's address is ``<rep-id>@`` this domain (reserved for examples: no mail reaches it).
EMAIL_DOMAIN = "example.com"


@dataclass(frozen=True)
class TeamSpec:
    team_id: str
    name: str
    region_id: str
    team_type: str
    language: str
    n_reps: int


TEAMS = [
    TeamSpec("sh-telesales", "上海电销团队", "east", "telesales", "zh", 10),
    TeamSpec("sh-online", "上海网络销售团队", "east", "online", "zh", 8),
    TeamSpec("hz-key-accounts", "Hangzhou Key Accounts", "east", "field", "en", 6),
    TeamSpec("bj-telesales", "Beijing Telesales", "north", "telesales", "en", 9),
    TeamSpec("bj-field", "Beijing Field Sales", "north", "field", "en", 7),
    TeamSpec("tj-online", "Tianjin Online", "north", "online", "en", 6),
]


@dataclass(frozen=True)
class TypeRates:
    """Per rep and working day, unless named otherwise."""

    calls: float
    meetings: float
    emails: float
    visits: float
    contact_rate: float  # connected / dialled
    talk_seconds: float  # median length of a connected call
    opps: float  # new opportunities created
    leads_per_opp: float  # leads needed per new-business opportunity
    existing_share: float  # share of opportunities that are existing-business
    deal_median: float  # CNY
    deal_sigma: float  # lognormal spread
    stage_days: tuple[float, float, float, float]  # mean days spent in each open stage
    advance: tuple[float, float, float, float]  # chance to move past each open stage
    salary: float  # monthly cost of a junior rep
    marketing: float  # monthly marketing spend per rep


RATES = {
    "telesales": TypeRates(
        62,
        0.0,
        6,
        0.0,
        0.32,
        170,
        0.55,
        3.5,
        0.15,
        9_000,
        0.55,
        (3, 4, 5, 4),
        (0.75, 0.75, 0.7, 0.8),
        11_000,
        4_000,
    ),
    "online": TypeRates(
        16,
        0.4,
        28,
        0.0,
        0.45,
        240,
        0.6,
        4.0,
        0.25,
        5_000,
        0.6,
        (2, 3, 4, 3),
        (0.8, 0.75, 0.75, 0.85),
        12_000,
        12_000,
    ),
    "field": TypeRates(
        9,
        1.2,
        8,
        1.0,
        0.55,
        420,
        0.12,
        2.5,
        0.4,
        180_000,
        0.7,
        (10, 14, 18, 14),
        (0.8, 0.7, 0.65, 0.75),
        20_000,
        6_000,
    ),
}

LEVEL_SALARY = {"junior": 1.0, "senior": 1.6, "manager": 2.4}
#: Managers spend part of their time managing: their selling activity is scaled down.
LEVEL_ACTIVITY = {"junior": 1.0, "senior": 1.0, "manager": 0.45}

#: Canonical stages, in order; the last two are terminal.
STAGES = list(schema.STAGES)
OPEN_STAGES = list(schema.OPEN_STAGES)
STAGE_PROBABILITY = schema.STAGE_PROBABILITY

#: Month-of-year demand (Chinese New Year dip in February, Double 11 and year-end peak).
SEASONALITY = [0.9, 0.7, 0.95, 1.0, 1.0, 1.05, 0.95, 0.95, 1.05, 1.0, 1.15, 1.2]
MONTHLY_GROWTH = 0.01

SOURCES = ["website", "referral", "cold_call", "event", "partner", "advertising"]
INDUSTRIES = ["manufacturing", "retail", "software", "education", "healthcare", "logistics"]
TRAINING_MODULES = [
    "product-basics",
    "call-openers",
    "objection-handling",
    "negotiation",
    "account-management",
    "crm-hygiene",
    "time-management",
]

# Planted patterns: (pattern, team, rep index in the team). README.md documents them.
PLANTED = {
    "low_contact_rate": ("sh-telesales", 3),
    "high_activity_low_conversion": ("bj-telesales", 2),
    "burned_out": ("sh-online", 1),
    "new_hire_ramping": ("bj-telesales", 8),
    "departed": ("bj-telesales", 7),
}
#: The team whose deals stall in one stage during the last months.
STALLED_TEAM = ("bj-field", "proposal")
STALL_MONTHS = 5
BURNOUT_MONTHS = 6
NEW_HIRE_MONTHS_AGO = 4
#: Quotas are planned this many months past the end of the history.
PLANNED_MONTHS_AHEAD = 3
#: Months of deals simulated before the history starts (the opening pipeline).
WARMUP_MONTHS = 4

ZH_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
ZH_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "晨",
    "欣怡",
    "子涵",
    "浩然",
    "雨桐",
    "宇轩",
]
EN_FIRST = [
    "Alice",
    "Ben",
    "Chloe",
    "David",
    "Emma",
    "Frank",
    "Grace",
    "Henry",
    "Iris",
    "Jack",
    "Karen",
    "Leo",
    "Mia",
    "Nathan",
    "Olivia",
    "Peter",
    "Quinn",
    "Rachel",
    "Sam",
    "Tina",
    "Victor",
    "Wendy",
    "Yvonne",
    "Zoe",
]
EN_LAST = [
    "Chen",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Smith",
    "Brown",
    "Lee",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Hu",
    "Lin",
    "Gao",
    "Jones",
    "Taylor",
]
ZH_COMPANY_PLACE = [
    "华信",
    "东方",
    "金桥",
    "恒通",
    "新世纪",
    "联创",
    "中科",
    "瑞丰",
    "天宇",
    "博远",
    "汇源",
    "星辰",
    "鼎盛",
    "宏达",
    "安泰",
    "锦程",
]
ZH_COMPANY_KIND = ["科技", "贸易", "制造", "物流", "教育", "医疗", "软件", "电子"]
EN_COMPANY_A = [
    "Northwind",
    "Bluewater",
    "Redwood",
    "Summit",
    "Pioneer",
    "Harbor",
    "Golden Gate",
    "Silverline",
    "Evergreen",
    "Brightstar",
    "Crescent",
    "Granite",
]
EN_COMPANY_B = [
    "Trading",
    "Logistics",
    "Manufacturing",
    "Software",
    "Retail",
    "Foods",
    "Medical",
    "Electronics",
    "Education",
    "Textiles",
]
