/** The development OpenID Provider: never use it to protect anything (see dev-oidc-provider.ts). */
export {
  DEV_AUDIENCE,
  DEV_CLIENTS,
  DEV_ISSUER,
  DEV_ISSUER_PORT,
  DEV_OPAQUE_RESOURCE,
  DEV_SIGNING_ALGORITHM,
  DEV_TOKEN_PATH,
  generateDevSigningKey,
  startDevOidcProvider,
  type DevOidcClient,
  type DevOidcProvider,
  type DevOidcProviderOptions,
  type IssueTokenRequest,
} from './dev-oidc-provider.js';
export { DevTokenError, requestDevToken, type DevToken, type DevTokenRequest } from './request-dev-token.js';
