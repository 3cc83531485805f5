"""WDES metric 1: percentage of staff in each pay cluster who are Disabled, Non-disabled or Unknown, for
non-clinical and clinical staff, medical & dental staff by grade group, and the whole workforce.

Clusters (WDES template): 1 = under band 1 to band 4, 2 = bands 5-7, 3 = bands 8a-8b, 4 = bands 8c-9 and VSM;
medical & dental: 5 = consultants, 6 = non-consultant career grades, 7 = trainee grades. Doctors in no cluster
(trust grade, clinical fellows, locally employed doctors: the "Other" medical subgroup) are shown on their own
row, not added to the trainees; so are non-medical staff on non-AfC (local) grades.
Bank-only staff are left out, as from every indicator.
"""

import pandas as pd

from wres_cli import Indicator, composition_rows, percent, share_rows

FRAMEWORK, GROUP = "wdes", "disability"
CLUSTERS = {
    "Under Band 1": "Cluster 1 (Bands 1-4)",
    "Band 1": "Cluster 1 (Bands 1-4)",
    "Band 2": "Cluster 1 (Bands 1-4)",
    "Band 3": "Cluster 1 (Bands 1-4)",
    "Band 4": "Cluster 1 (Bands 1-4)",
    "Band 5": "Cluster 2 (Bands 5-7)",
    "Band 6": "Cluster 2 (Bands 5-7)",
    "Band 7": "Cluster 2 (Bands 5-7)",
    "Band 8a": "Cluster 3 (Bands 8a-8b)",
    "Band 8b": "Cluster 3 (Bands 8a-8b)",
    "Band 8c": "Cluster 4 (Bands 8c-9 and VSM)",
    "Band 8d": "Cluster 4 (Bands 8c-9 and VSM)",
    "Band 9": "Cluster 4 (Bands 8c-9 and VSM)",
    "VSM": "Cluster 4 (Bands 8c-9 and VSM)",
    "Non-AfC": "Non-AfC grades (in no cluster)",
    "Consultants": "Cluster 5 (Medical consultants)",
    "Non-consultant career grade": "Cluster 6 (Medical non-consultant career grades)",
    "Trainee grades": "Cluster 7 (Medical trainee grades)",
    "Other": "Other medical and dental (in no cluster)",
}
ORDER = list(dict.fromkeys(CLUSTERS.values()))


def _clusters(tally, column):
    """The tally regrouped from bands (or medical subgroups) into clusters, in cluster order."""
    tally = tally.assign(cluster=tally[column].astype(object).map(CLUSTERS))
    tally["cluster"] = pd.Categorical(tally["cluster"], categories=ORDER)
    out = tally.groupby(["org", "cluster", GROUP], observed=True, as_index=False)["people"].sum()
    return out.sort_values(["org", "cluster"], kind="stable")


def compute(ctx):
    frame = ctx.frame("workforce")
    years = [ctx.year] if ctx.year is not None else None
    where = None  # bank-only staff are left out by the workforce tally, as for every indicator
    parts = []
    if "pay_band" in frame:
        keys = ["staff_category", "pay_band", GROUP] if "staff_category" in frame else ["pay_band", GROUP]
        by_band = ctx.tally("workforce", keys, years=years, where=where)
        sections = (
            [("Non-clinical", ["Non-clinical"]), ("Clinical", ["Clinical non-medical"])]
            if "staff_category" in frame
            else [("All staff", None)]
        )
        for section, categories in sections:
            part = by_band if categories is None else by_band.loc[by_band["staff_category"].isin(categories)]
            part = _clusters(part.loc[part["pay_band"].notna()], "pay_band")
            parts.append(
                composition_rows(
                    ctx, part, "1", key="cluster", section=section, framework=FRAMEWORK, group_column=GROUP
                )
            )
    if "medical_subgroup" in frame:
        medical = ctx.tally("workforce", ["medical_subgroup", GROUP], years=years, where=where)
        part = _clusters(medical.loc[medical["medical_subgroup"].notna()], "medical_subgroup")
        parts.append(
            composition_rows(
                ctx,
                part,
                "1",
                key="cluster",
                section="Medical & dental",
                framework=FRAMEWORK,
                group_column=GROUP,
            )
        )
    overall = share_rows(
        ctx,
        ctx.tally("workforce", [GROUP], years=years, where=where),
        "1",
        section="Overall workforce",
        breakdown="All staff",
        framework=FRAMEWORK,
        group_column=GROUP,
    )
    overall["headline"] = overall["group"] == "Disabled"
    parts.append(overall)
    return pd.concat(parts, ignore_index=True)


def describe(head, figures):
    return (
        f"Disabled staff are {percent(head['value'])} of the workforce (Non-disabled "
        f"{percent(figures.get('Non-disabled', {}).get('value'))}, Unknown "
        f"{percent(figures.get('Unknown', {}).get('value'))})"
    )


INDICATOR = Indicator(
    id="1",
    framework=FRAMEWORK,
    short="Staff by pay cluster",
    title="Staff in each pay cluster: Disabled, Non-disabled and Unknown",
    compute=compute,
    needs=("workforce.disability",),
    describe=describe,
    order=1,
    group_column=GROUP,
)
