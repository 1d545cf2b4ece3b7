/**
 * Signing secrets at rest. Signing needs the secret itself, so it cannot be stored as a hash like token secrets.
 * With a key (`ATRIUM_WEBHOOK_SECRET_KEY`, 32 bytes as base64 or 64 hex digits) secrets are stored sealed with
 * AES-256-GCM, bound to their webhook's id (a sealed secret copied to another row does not open); without one they
 * are stored as given. Both forms open, so a key can be introduced with webhooks already stored; a sealed secret
 * does not open without the key (deliveries then fail their attempts, and succeed again once the key is back).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'aes256gcm:v1:';

/** `null` when the text is neither 64 hex digits nor base64 of 32 bytes. */
export function parseSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

export type OpenedSecret =
  { readonly ok: true; readonly secret: string } | { readonly ok: false; readonly problem: string };

export interface SecretBox {
  /** What to store for a new webhook's secret. */
  seal(secret: string, webhookId: string): string;
  /** The secret from what was stored. */
  open(stored: string, webhookId: string): OpenedSecret;
}

export function createSecretBox(key: Buffer | null): SecretBox {
  return {
    seal(secret, webhookId) {
      if (!key) return secret;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(webhookId, 'utf8'));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
    },
    open(stored, webhookId) {
      if (!stored.startsWith(PREFIX)) return { ok: true, secret: stored };
      if (!key) {
        return {
          ok: false,
          problem: 'the signing secret is encrypted and ATRIUM_WEBHOOK_SECRET_KEY is not set',
        };
      }
      const [iv = '', tag = '', sealed = ''] = stored.slice(PREFIX.length).split(':');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
          .setAAD(Buffer.from(webhookId, 'utf8'))
          .setAuthTag(Buffer.from(tag, 'base64url'));
        const secret = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
        return { ok: true, secret: secret.toString('utf8') };
      } catch {
        return {
          ok: false,
          problem: 'the signing secret does not decrypt with ATRIUM_WEBHOOK_SECRET_KEY (another key?)',
        };
      }
    },
  };
}
