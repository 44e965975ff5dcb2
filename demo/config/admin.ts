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
  // The demo prints the admin URL and creates its own super admin: no browser tab is opened.
  autoOpen: false,
});
