const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login form: plain HTML that posts itself, with no script, so the page's CSP holds as it is. */
export function loginPage(message?: string): string {
  const notice = message === undefined ? '' : `\n    <p class="error" role="alert">${escapeHtml(message)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Revenue Agent — log in</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/login.css">
</head>
<body>
  <main>
    <h1>Revenue Agent</h1>${notice}
    <form method="post" action="/login">
      <label for="token">Dashboard token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
      <button type="submit">Log in</button>
    </form>
    <p class="hint">The token is the service's DASHBOARD_TOKEN.</p>
  </main>
</body>
</html>
`;
}
