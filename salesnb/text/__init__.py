"""Words and numbers as a reader sees them: the string tables of both languages (:mod:`salesnb.text.i18n`)
and the formatting of values, changes and tables (:mod:`salesnb.text.formatting`).

Below the domain packages (goals, analysis, coaching, incentives) so they may phrase their own findings, above
:mod:`salesnb.kpis` whose catalog gives each value its unit.
"""
