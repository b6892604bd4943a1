// "Sign out", offered only to a person who logged in with the session cookie (not to a bearer token, nor
// when the service has no login). Logging out is a same-origin POST, as access control asks of a change.
const button = document.getElementById('sign-out');

export async function offerSignOut(beforeLeaving) {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  const session = response.ok ? await response.json() : undefined;
  button.hidden = session?.method !== 'cookie';
  button.addEventListener('click', async () => {
    button.disabled = true;
    beforeLeaving();
    const answer = await fetch('/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    // The answer is the login form, after its redirect: show it as the page.
    location.assign(answer.redirected ? answer.url : '/login');
  });
}
