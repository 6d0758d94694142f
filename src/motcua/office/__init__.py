"""The staff web application under ``/office/`` (project issue 4): counter reception,
the online intake queue, the processing inbox, the leader's desk, return of results,
the statutory forms and the counter-side rating kiosk. Views parse and check; services
decide and write; selectors read (DESIGN.md, The one rule)."""
