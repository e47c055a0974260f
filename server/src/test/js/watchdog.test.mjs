import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Watchdog } from '../../main/resources/web/js/realtime/watchdog.js';
import { FakeClock } from './fakes.mjs';

function watch(timeoutMs) {
  const clock = new FakeClock();
  let fired = 0;
  const dog = new Watchdog({ timeoutMs, onTimeout: () => fired++, clock });
  return { clock, dog, fired: () => fired };
}

test('fires after two and a half heartbeat intervals of silence', () => {
  const { clock, dog, fired } = watch(15_000 * 2.5);
  dog.start();
  clock.advance(37_499);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('does not fire while events keep flowing', () => {
  const { clock, dog, fired } = watch(37_500);
  dog.start();
  for (let i = 0; i < 60; i++) {
    clock.advance(15_000);
    dog.kick();
  }
  assert.equal(fired(), 0);
});

test('counts the silence from the last event, not from the start', () => {
  const { clock, dog, fired } = watch(10_000);
  dog.start();
  clock.advance(9_000);
  dog.kick();
  clock.advance(9_999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('keeps a single timer however many events arrive', () => {
  const { clock, dog } = watch(10_000);
  dog.start();
  for (let i = 0; i < 1000; i++) dog.kick();
  assert.equal(clock.pendingDelays().length, 1);
});

test('a shorter allowance learnt later applies from the last event', () => {
  const { clock, dog, fired } = watch(37_500);
  dog.start();
  clock.advance(2_000);
  dog.setTimeoutMs(2_500);
  assert.equal(fired(), 0);
  clock.advance(500);
  assert.equal(fired(), 1);
});

test('a stopped watchdog never fires', () => {
  const { clock, dog, fired } = watch(1_000);
  dog.start();
  dog.stop();
  clock.advance(60_000);
  assert.equal(fired(), 0);
  assert.equal(clock.pendingDelays().length, 0);
});
