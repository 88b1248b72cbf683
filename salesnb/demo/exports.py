"""Write the demo organisation as CRM exports: Zoho CRM (English, UTF-8) and Fxiaoke (Chinese, GBK/XLSX).

The files follow the vendors' documented headers (docs/crm-formats-research.md) and carry the mess real
exports do: Zoho's ``zcrm_`` ids and ``.id`` twin columns, Fxiaoke's ``￥1,200.00`` amounts and
``2024年8月20日`` dates. ``salesnb ingest`` of these files must give back the same KPIs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from salesnb.demo.organisation import EMAIL_DOMAIN
from salesnb.safety import spreadsheet_frame

ZOHO_STAGE = {
    "qualification": "Qualification",
    "needs_analysis": "Needs Analysis",
    "proposal": "Proposal/Price Quote",
    "negotiation": "Negotiation/Review",
    "closed_won": "Closed Won",
    "closed_lost": "Closed Lost",
}
FX_STAGE = {
    "qualification": "初步接洽",
    "needs_analysis": "需求确定",
    "proposal": "方案/报价",
    "negotiation": "谈判审核",
    "closed_won": "赢单",
    "closed_lost": "输单",
}
FX_STATUS = {"open": "进行中", "won": "赢单", "lost": "输单"}
FX_LEVEL = {"junior": "初级", "senior": "高级", "manager": "经理"}
FX_TYPE = {"telesales": "电销", "online": "网销", "field": "大客户"}


def _slice(tables: dict[str, pd.DataFrame], teams: list[str], since: date | None) -> dict[str, pd.DataFrame]:
    """The teams' records; with ``since``, only the activities since then (deals are always complete)."""
    reps = tables["reps"][tables["reps"]["team_id"].isin(teams)]
    ids = set(reps["rep_id"])
    opps = tables["opportunities"][tables["opportunities"]["rep_id"].isin(ids)]
    acts = tables["activities"][tables["activities"]["rep_id"].isin(ids)]
    if since is not None:
        cut = pd.Timestamp(since)
        acts = acts[pd.to_datetime(acts["started_at"]) >= cut]
    return {
        "reps": reps,
        "opportunities": opps,
        "activities": acts,
        "customers": tables["customers"],
        "teams": tables["teams"][tables["teams"]["team_id"].isin(teams)],
        "regions": tables["regions"],
        "orders": tables["orders"][tables["orders"]["rep_id"].isin(ids)],
    }


def _created_times(opps: pd.DataFrame) -> pd.Series:
    """Creation date-times: the deal's first stage entry is at a working hour of its created date."""
    return pd.to_datetime(opps["created_date"]) + pd.to_timedelta(9 + (opps.index % 8), unit="h")


def _prepare(tables: dict[str, pd.DataFrame], teams: list[str], out: Path, since: date | None):
    """The teams' records, the roster joined with its teams, and rep names by id."""
    d = _slice(tables, teams, since)
    out.mkdir(parents=True, exist_ok=True)
    reps = d["reps"].merge(d["teams"], on="team_id", suffixes=("", "_team"))
    return d, reps, reps.set_index("rep_id")["name"]


def export_zoho(
    tables: dict[str, pd.DataFrame], teams: list[str], out: Path, since: date | None = None
) -> list[Path]:
    """Users, Deals and Calls exports for ``teams`` as Zoho CRM writes them."""
    d, reps, names = _prepare(tables, teams, out, since)
    users = pd.DataFrame(
        {
            "Full Name": reps["name"],
            "Email": reps["rep_id"] + f"@{EMAIL_DOMAIN}",
            "Role": reps["name_team"],
            "Team Code": reps["team_id"],
            "Profile": "Standard",
            "Reporting To": reps["manager_id"].map(names).fillna(""),
            "Status": reps["status"].map({"active": "Active", "left": "Inactive"}),
            "Date of Joining": pd.to_datetime(reps["hire_date"]).dt.strftime("%Y-%m-%d"),
            "Level": reps["level"],
            "Territory": reps["region_id"],
            "Team Type": reps["team_type"],
        }
    )
    o = d["opportunities"].reset_index(drop=True)
    customers = d["customers"].set_index("customer_id")["name"]
    created = _created_times(o)
    close = pd.to_datetime(o["close_date"]).fillna(pd.to_datetime(o["expected_close_date"]))
    deals = pd.DataFrame(
        {
            "Record Id": "zcrm_" + o["opportunity_id"].str[3:],
            "Deal Owner.id": "zcrm_" + o["rep_id"],
            "Deal Owner": o["rep_id"].map(names),
            "Deal Name": o["name"],
            "Account Name.id": "zcrm_" + o["customer_id"].fillna(""),
            "Account Name": o["customer_id"].map(customers).fillna(""),
            "Type": o["deal_type"].map({"new": "New Business", "existing": "Existing Business"}),
            "Lead Source": o["source"].fillna(""),
            "Amount": o["amount"].map(lambda v: f"{v:.2f}"),
            "Closing Date": close.dt.strftime("%Y-%m-%d"),
            "Stage": o["stage"].map(ZOHO_STAGE),
            "Probability (%)": (o["probability"] * 100).round().astype(int),
            "Created Time": created.dt.strftime("%Y-%m-%d %H:%M:%S"),
            "Modified Time": close.where(o["status"] != "open", created).dt.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    a = d["activities"][d["activities"]["activity_type"] == "call"].reset_index(drop=True)
    calls = pd.DataFrame(
        {
            "Record Id": "zcrm_" + a["activity_id"].str[1:],
            "Call Owner.id": "zcrm_" + a["rep_id"],
            "Call Owner": a["rep_id"].map(names),
            "Subject": "Outbound call",
            "Call Type": "Outbound",
            "Call Purpose": "Prospecting",
            "Call Start Time": pd.to_datetime(a["started_at"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "Call Duration (in seconds)": a["duration_seconds"].astype(int),
            "Call Duration": a["duration_seconds"].map(lambda s: f"{int(s) // 60:02d}:{int(s) % 60:02d}"),
            "Call Result": a["connected"].map({True: "Interested", False: "No response/Busy"}),
        }
    )
    paths = [out / "Users.csv", out / "Deals.csv", out / "Calls.csv"]
    for frame, path in zip((users, deals, calls), paths, strict=True):
        spreadsheet_frame(frame).to_csv(path, index=False, encoding="utf-8")
    return paths


def _yuan(v: float) -> str:
    return f"￥{v:,.2f}" if v < 10_000 else f"{v / 10_000:g}万"


def export_fxiaoke(
    tables: dict[str, pd.DataFrame], teams: list[str], out: Path, since: date | None = None
) -> list[Path]:
    """人员 (staff), 商机 (opportunities, GBK CSV) and 跟进记录 (follow-ups, XLSX) as Fxiaoke exports."""
    d, reps, names = _prepare(tables, teams, out, since)
    staff = pd.DataFrame(
        {
            "姓名": reps["name"],
            "主属部门": reps["name_team"],
            "部门编码": reps["team_id"],
            "职位": reps["level"].map({"junior": "销售代表", "senior": "高级销售", "manager": "销售经理"}),
            "职级": reps["level"].map(FX_LEVEL),
            "汇报对象": reps["manager_id"].map(names).fillna(""),
            "入职日期": pd.to_datetime(reps["hire_date"]).map(lambda t: f"{t.year}年{t.month}月{t.day}日"),
            "状态": reps["status"].map({"active": "在职", "left": "离职"}),
            "邮箱": reps["rep_id"] + f"@{EMAIL_DOMAIN}",
            "区域": reps["region_id"],
            "团队类型": reps["team_type"].map(FX_TYPE),
        }
    )
    o = d["opportunities"].reset_index(drop=True)
    customers = d["customers"].set_index("customer_id")["name"]
    created = _created_times(o)
    close = pd.to_datetime(o["close_date"]).fillna(pd.to_datetime(o["expected_close_date"]))
    opps = pd.DataFrame(
        {
            "商机名称": o["name"],
            "客户名称": o["customer_id"].map(customers).fillna(""),
            "商机金额": o["amount"].map(_yuan),
            "销售阶段": o["stage"].map(FX_STAGE),
            "商机状态": o["status"].map(FX_STATUS),
            "赢率": (o["probability"] * 100).round().astype(int).astype(str) + "%",
            "预计成交日期": close.dt.strftime("%Y/%m/%d"),
            "负责人": o["rep_id"].map(names),
            "所属部门": o["rep_id"].map(reps.set_index("rep_id")["name_team"]),
            "创建时间": created.dt.strftime("%Y-%m-%d %H:%M"),
            "最后修改时间": close.where(o["status"] != "open", created).dt.strftime("%Y-%m-%d %H:%M"),
        }
    )
    a = d["activities"].reset_index(drop=True)
    a = a[a["activity_type"].ne("call") | a["connected"].fillna(False).astype(bool)]  # logged follow-ups
    kinds = {"call": "电话", "meeting": "在线会议", "visit": "现场拜访", "email": "邮件"}
    follow = pd.DataFrame(
        {
            "跟进人": a["rep_id"].map(names),
            "跟进时间": pd.to_datetime(a["started_at"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "跟进方式": a["activity_type"].map(kinds),
            "通话时长": a["duration_seconds"].astype(int),
            "跟进内容": "客户沟通",
            "客户名称": "",
        }
    )
    paths = [out / "人员.csv", out / "商机.csv", out / "跟进记录.xlsx"]
    spreadsheet_frame(staff).to_csv(paths[0], index=False, encoding="gbk")
    spreadsheet_frame(opps).to_csv(paths[1], index=False, encoding="gbk")
    spreadsheet_frame(follow).to_excel(paths[2], index=False)
    return paths
