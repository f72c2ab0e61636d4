-- Change counter (0910) for the OCDS release table, scope "ocds": the release
-- feed and record packages are now public answers served from memory
-- (src/http/public-cache.ts). A release is written in the transaction of the
-- change it describes and given its feed position by the sequencer later;
-- both bump the counter, so a kept feed page is rebuilt once the new release
-- can appear in it. (0910 left OCDS rows out only because no cached answer
-- read them then.)
create trigger public_change after insert or update or delete or truncate on ocds_release
  for each statement execute function bump_public_change('ocds');
