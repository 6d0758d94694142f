"""The demo procedure catalogue: 29 common procedures of a province after the 2025
reform, each with one published version in force from 1 July 2025.

Components, time limits, fees and steps follow the published descriptions of the
national catalogue and the legal texts cited on each version. Fees that a provincial
People's Council sets are marked "mức minh họa": they are typical amounts, not Vĩnh
Long's resolution. Amounts that depend on a tax notice (land-use levy, registration
fee, personal income tax) are 0 đồng lines that say how they are computed.

**Codes must be verified against the National TTHC Database (csdl.dichvucong.gov.vn)
before real use.** Codes seen in public copies of the catalogue: 1.001193, 1.000894,
1.000656, 1.004873, 2.000635, 1.004884, 1.004859, 2.000986, 2.002622, 2.000815,
2.000884, 1.001612, 2.000720, 1.001570, 1.001266, 2.001610, 1.013225, 1.013978,
1.004222, 1.004194, 1.014199. Plausible but unverified: 2.000488 (criminal record),
1.000073 (nationality), 1.009974 (works permit), 1.012792 (land transfer), 1.000010
(driving licence), 1.002759 (social-insurance records), 1.005092 (diploma copy),
1.012270 (practising licence).
"""

from __future__ import annotations

from motcua.demo.data.procedures import (
    branches,
    business,
    civil_status,
    construction_land,
    departments,
    justice,
    linked,
)
from motcua.demo.data.types import ProcedureSpec

PROCEDURES: tuple[ProcedureSpec, ...] = (
    *civil_status.PROCEDURES,
    *linked.PROCEDURES,
    *justice.PROCEDURES,
    *business.PROCEDURES,
    *construction_land.PROCEDURES,
    *branches.PROCEDURES,
    *departments.PROCEDURES,
)
