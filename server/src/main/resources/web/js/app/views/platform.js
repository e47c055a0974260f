/** The messaging platforms as the app shows them: a name and a small badge. */
import { h } from '../dom.js';

const NAMES = { facebook: 'Facebook Messenger', zalo: 'Zalo', tiktok: 'TikTok' };
const MARKS = { facebook: 'f', zalo: 'Z', tiktok: '♪' };

/** The platform's name for people ("Facebook Messenger"). */
export function platformName(platform) {
  return NAMES[platform] ?? String(platform ?? 'Unknown');
}

/** A small coloured badge (decorative: the name is given in text where it matters). */
export function platformIcon(platform) {
  return h('span', { class: `platform platform-${platform}`, title: platformName(platform), 'aria-hidden': 'true',
    text: MARKS[platform] ?? '?' });
}
