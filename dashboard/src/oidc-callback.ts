// The OpenID sign-in popup's redirect URI (/ui/oidc-callback.html): hands the authorization answer to the
// dashboard that opened the popup (same origin only), takes it out of the address bar, and closes.
import type { OidcCallbackMessage } from './api/oidc-sign-in';

const params = new URLSearchParams(window.location.search);
const message: OidcCallbackMessage = {
  type: 'atrium-oidc-callback',
  code: params.get('code'),
  state: params.get('state'),
  iss: params.get('iss'),
  error: params.get('error'),
  errorDescription: params.get('error_description'),
};
window.history.replaceState(null, '', window.location.pathname);
const opener = window.opener as Window | null;
const status = document.getElementById('status');
if (opener) {
  opener.postMessage(message, window.location.origin);
  window.close();
} else if (status) {
  status.textContent =
    'This window was not opened by the dashboard, so it cannot finish the sign-in. Close it and sign in again from the dashboard.';
}
