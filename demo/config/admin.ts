import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: {
    secret: env('ADMIN_JWT_SECRET', 'journey-demo-admin-jwt-secret'),
  },
  apiToken: {
    salt: env('API_TOKEN_SALT', 'journey-demo-api-token-salt'),
  },
  transfer: {
    token: {
      salt: env('TRANSFER_TOKEN_SALT', 'journey-demo-transfer-token-salt'),
    },
  },
  secrets: {
    // 32 characters, as the admin's encryption service expects for aes-256.
    encryptionKey: env('ENCRYPTION_KEY', 'journey-demo-encryption-key-0001'),
  },
  // The browser tests log in more often than the login limit (5 per 5 minutes) allows; they turn
  // it off for their throwaway demo on loopback. Left on otherwise.
  rateLimit: { enabled: env.bool('ADMIN_RATE_LIMIT', true) },
  // The demo prints the admin URL and creates its own super admin: no browser tab is opened.
  autoOpen: false,
});
