-- Keys every app server must share when several run on one PostgreSQL (the
-- receipt-signing key first). The embedded default keeps its key file in the
-- data directory; BERPA_RECEIPT_SIGNING_KEY, when set, wins over both.
-- Anyone who can read this table can sign receipts: grant it like the data.
create table platform_key (
  name text primary key,
  private_key text not null,
  public_key text not null,
  created_at timestamptz not null default now()
);
