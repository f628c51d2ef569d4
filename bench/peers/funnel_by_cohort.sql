-- The funnel by cohort month of one pipeline: for each month deals were created in (local time)
-- and each step (open stages in board order, then won), how many deals reached it. A deal
-- reached every step up to the furthest open stage it entered; a won deal reached them all.
-- MONTH(x) is replaced by each engine's way of writing a month as 'YYYY-MM'.
WITH furthest AS (
  SELECT d.deal,
         date_trunc('month', d.created_local) AS cohort,
         CASE WHEN d.state = 'won' THEN max(w.step) ELSE max(s.step) END AS furthest
  FROM deals d
  JOIN stages w ON w.pipeline = d.pipeline AND w.kind = 'won'
  LEFT JOIN passes p ON p.deal = d.deal
  LEFT JOIN stages s ON s.pipeline = d.pipeline AND s.stage = p.stage AND s.kind = 'open'
  WHERE d.pipeline = 'new-sales'
  GROUP BY d.deal, d.created_local, d.state
)
SELECT MONTH(f.cohort) AS cohort, s.step, count(*) AS reached
FROM furthest f
JOIN stages s ON s.pipeline = 'new-sales' AND s.step <= f.furthest
GROUP BY f.cohort, s.step
ORDER BY 1, 2;
