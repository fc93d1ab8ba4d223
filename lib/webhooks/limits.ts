/** GitHub caps webhook payloads at 25 MB; anything larger is answered 413 without being read further. */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;

/** Delivery ids (a GUID from GitHub, a ULID-like id from PagerDuty) longer than this are not genuine. */
export const MAX_DELIVERY_ID_CHARS = 200;
