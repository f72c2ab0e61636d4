import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json } from '../../db/columns.ts';

/**
 * The feeds themselves own no tables (they read other modules' published
 * views); the email subscriptions do (migration 0700_subscriptions.sql).
 */
export type SubscriptionKind = 'tenders' | 'project' | 'country';
export interface SubscriptionFilter {
  sector?: string;
  district?: string;
  eligibility?: string;
  projectId?: string;
  country?: string;
}

export interface SubscriptionTable {
  id: Generated<string>;
  user_id: string;
  email: string;
  kind: SubscriptionKind;
  filter: Json<SubscriptionFilter>;
  language: string;
  /** 32 random bytes, base64url: the one-click unsubscribe link's token. */
  unsubscribe_token: string;
  created_at: DefaultTimestamp;
}

export interface MailOutboxTable {
  id: Generated<number>;
  subscription_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  unsubscribe_url: string | null;
  created_at: DefaultTimestamp;
  sent_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface FeedsTables {
  subscription: SubscriptionTable;
  mail_outbox: MailOutboxTable;
}
