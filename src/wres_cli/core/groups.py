"""The groups each framework compares, as plain constants (imported by configuration and inputs alike)."""

ETHNIC_GROUPS = ("White", "BME", "Unknown")
DISABILITY_GROUPS = ("Disabled", "Non-disabled", "Unknown")
# The broad census groups behind "BME" (`--groups detailed`), and the group of a value that says only that a
# person is from a minority ("BAME", "BME"): counted in BME, in none of the others.
MINORITY_GROUPS = ("Asian", "Black", "Mixed", "Other")
GROUP_NOT_GIVEN = "BME (group not given)"
CENSUS_GROUPS = ("White", *MINORITY_GROUPS, GROUP_NOT_GIVEN, "Unknown")


def compared_groups(group: object) -> list[str]:
    """The groups a comparison row names: 'White ÷ BME' and 'Asian − White' give both; any other row its own."""
    return [part.strip() for part in str(group).replace("÷", "|").replace("−", "|").split("|")]
