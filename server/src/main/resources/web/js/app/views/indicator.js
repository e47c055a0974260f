/**
 * The connection indicator, always in the top bar: Live (green), Connecting /
 * Reconnecting (amber, pulsing), Polling (orange), Offline (red), with the
 * realtime client's figures on hover or focus. Clicking it reconnects now; while
 * reconnecting it says when the next try is and offers "Retry now". State changes
 * are announced in a polite live region (not the per-second countdown).
 */
import { h, replace, timeAgo } from '../dom.js';

const LOOK = {
  idle: { label: 'Not connected', tone: 'grey', text: 'Realtime updates are not running.' },
  connecting: { label: 'Connecting…', tone: 'amber', text: 'Opening the live update stream.' },
  reconnecting: { label: 'Reconnecting…', tone: 'amber', text: 'The connection dropped; retrying with backoff. Changes made meanwhile arrive once it is back.' },
  live: { label: 'Live', tone: 'green', text: 'Changes by your team appear as they happen.' },
  polling: { label: 'Polling', tone: 'orange', text: 'The live stream is blocked on this network; updates arrive by long-polling instead.' },
  offline: { label: 'Offline', tone: 'red', text: 'This device is offline. Updates resume when it is back online.' },
  failed: { label: 'Signed out', tone: 'red', text: 'The session ended or access was removed. Log in again.' },
};

/**
 * @param {import('../../realtime/client.js').RealtimeClient} client
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function connectionIndicator(client) {
  const label = h('span', { class: 'conn-label' });
  const details = h('div', { class: 'conn-details', id: 'conn-details', role: 'tooltip' });
  const button = h('button', {
    type: 'button', class: 'conn-pill', id: 'connection', 'aria-describedby': 'conn-details',
    onClick: () => { if (!['live', 'connecting'].includes(client.getState())) client.reconnect(); },
  }, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), label);
  const retry = h('button', { type: 'button', class: 'link-button conn-retry', id: 'retry-now', text: 'Retry now', hidden: true,
    onClick: () => client.reconnect() });
  const announce = h('span', { class: 'visually-hidden', id: 'conn-announce', role: 'status', 'aria-live': 'polite' });
  const el = h('div', { class: 'conn' }, button, retry, details, announce);
  let announced = null;

  const render = () => {
    const stats = client.getStats();
    const look = LOOK[stats.state] ?? LOOK.idle;
    el.dataset.state = stats.state;
    el.dataset.tone = look.tone;
    button.dataset.state = stats.state;
    const wait = stats.nextRetryAt == null ? null : Math.max(0, Math.ceil((stats.nextRetryAt - Date.now()) / 1000));
    label.textContent = wait === null ? look.label : `${look.label} retrying in ${wait} s`;
    retry.hidden = !['reconnecting', 'offline', 'polling'].includes(stats.state);
    if (announced !== stats.state) {
      if (announced !== null) announce.textContent = `Connection: ${look.label.replace('…', '')}. ${look.text}`;
      announced = stats.state;
    }
    const canRetry = !['live', 'connecting'].includes(stats.state);
    button.setAttribute('aria-label', `Connection: ${look.label}.${canRetry ? ' Activate to reconnect now.' : ''}`);
    const rows = [
      ['Status', look.label],
      ['Transport', { sse: 'Server-Sent Events', poll: 'Long-polling' }[stats.transport] ?? '—'],
      ['Connected', stats.connectedSince ? timeAgo(new Date(stats.connectedSince).toISOString()) : '—'],
      ['Last event', stats.lastEventId ?? '—'],
      ['Events received', String(stats.eventsReceived)],
      ['Reconnects', String(stats.reconnects)],
      ['This tab', stats.isLeader ? 'holds the stream' : 'shares another tab’s stream'],
    ];
    replace(details,
      h('p', { class: 'conn-summary', text: look.text }),
      h('dl', null, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v, dataset: { key: k } })])));
  };

  const offState = client.onStateChange(render);
  const offEvents = client.subscribe('*', render);
  const timer = setInterval(render, 1000);
  render();
  return {
    el,
    dispose() {
      offState();
      offEvents();
      clearInterval(timer);
    },
  };
}
