import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEventIds, isEventId, isNewer } from '../../main/resources/web/js/realtime/ids.js';

test('event ids compare by numeric value, not as text', () => {
  assert.ok(compareEventIds('9', '10') < 0);
  assert.ok(compareEventIds('100', '99') > 0);
  assert.equal(compareEventIds('42', '42'), 0);
  assert.equal(compareEventIds('007', '7'), 0);
  assert.ok(compareEventIds(5, '6') < 0);
});

test('event ids beyond 2^53 keep their order', () => {
  assert.ok(compareEventIds('9007199254740993', '9007199254740992') > 0);
  assert.ok(compareEventIds('18446744073709551615', '18446744073709551616') < 0);
});

test('only decimal ids count as event ids', () => {
  assert.ok(isEventId('1842'));
  assert.ok(isEventId(0));
  assert.ok(!isEventId('c_7'));
  assert.ok(!isEventId(''));
  assert.ok(!isEventId(null));
  assert.ok(!isEventId(-1));
});

test('isNewer accepts a higher version and refuses an equal or lower one', () => {
  assert.equal(isNewer({ version: 3 }, { version: 4 }), true);
  assert.equal(isNewer({ version: 4 }, { version: 4 }), false);
  assert.equal(isNewer({ version: 5 }, { version: 4 }), false);
});

test('isNewer accepts anything when there is nothing to compare', () => {
  assert.equal(isNewer(undefined, { version: 1 }), true);
  assert.equal(isNewer(null, { id: 1 }), true);
  assert.equal(isNewer({ id: 1 }, { id: 1, version: 2 }), true);
  assert.equal(isNewer({ version: 2 }, { id: 1 }), true);
});
