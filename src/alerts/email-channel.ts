import type { AlertChannel } from './alert-channel.ts';
import { checkedAddress } from './checked-address.ts';
import { unansweredOutcome, type DeliveryOutcome } from './delivery-outcome.ts';
import { emailMessage } from './email-message.ts';

export interface EmailDestination {
  /** smtp:// (STARTTLS when offered) or smtps:// (TLS from the start), with the login in it when one is needed. */
  smtpUrl: URL;
  to: readonly string[];
  from: string;
  allowPrivateNetwork: boolean;
  /** For connecting, the greeting, and each answer. */
  timeoutMs: number;
}

/** An SMTP answer of 5xx is permanent (a refused recipient, a wrong login): sending it again can't help. */
function smtpRefusal(code: number): DeliveryOutcome {
  return { kind: 'failed', reason: `the SMTP server answered ${code}`, status: code, retryAfterMs: undefined, final: code >= 500 };
}

/** Rejects as soon as the signal is aborted, after `cancel`. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, cancel: () => void): Promise<T> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    const abort = () => {
      cancel();
      reject(new Error('stopped'));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * E-mail over SMTP with nodemailer: plain text and simple HTML. The host is checked at send time and the
 * connection made to the address checked, the TLS name staying the host's own. The URL (its password)
 * is never shown.
 */
export function emailChannel(name: string, destination: EmailDestination): AlertChannel {
  const { smtpUrl, to, from, allowPrivateNetwork, timeoutMs } = destination;
  const secure = smtpUrl.protocol === 'smtps:';
  const hostname = smtpUrl.hostname.replace(/^\[(.*)\]$/, '$1');
  const auth = smtpUrl.username === '' ? undefined : { user: decodeURIComponent(smtpUrl.username), pass: decodeURIComponent(smtpUrl.password) };
  return {
    name,
    kind: 'email',
    endpoint: undefined,
    async send(body, id, signal) {
      try {
        const address = await checkedAddress(smtpUrl, allowPrivateNetwork);
        // Loaded on the first e-mail: a service without this channel doesn't hold it in memory (about 15 MB).
        const { default: nodemailer } = await import('nodemailer');
        const transport = nodemailer.createTransport({
          host: address.address,
          port: smtpUrl.port === '' ? (secure ? 465 : 587) : Number(smtpUrl.port),
          secure,
          ...(auth ? { auth } : {}),
          tls: { servername: hostname },
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        });
        try {
          const sent = transport.sendMail({ from, to: [...to], ...emailMessage(body), headers: { 'X-Revenue-Agent-Alert': id } });
          const info = await abortable(sent, signal, () => transport.close());
          const code = Number(/^(\d{3})/.exec(String(info.response))?.[1]);
          return { kind: 'accepted', status: Number.isNaN(code) ? null : code };
        } finally {
          transport.close();
        }
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        return typeof code === 'number' ? smtpRefusal(code) : unansweredOutcome(error);
      }
    },
  };
}
