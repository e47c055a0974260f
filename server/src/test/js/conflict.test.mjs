import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflicts } from '../../main/resources/web/js/app/views/conflict.js';
import { initials } from '../../main/resources/web/js/app/dom.js';

const FIELDS = [{ name: 'name', label: 'Name' }, { name: 'phone', label: 'Phone' }, { name: 'email', label: 'E-mail' },
  { name: 'tags', label: 'Tags' }];
const base = { name: 'Kim', phone: '0100', email: null, tags: ['vip'] };

test('only fields the colleague changed are shown; ones I left alone start as theirs, ones we both changed wait', () => {
  const mine = { name: 'Kim', phone: '0111', email: '', tags: ['vip'] };
  const theirs = { name: 'Kim Lee', phone: '0222', email: null, tags: ['vip'] };
  assert.deepEqual(conflicts(FIELDS, base, mine, theirs), [
    { name: 'name', label: 'Name', mine: 'Kim', theirs: 'Kim Lee', pick: 'theirs' },
    { name: 'phone', label: 'Phone', mine: '0111', theirs: '0222', pick: null },
  ]);
});

test('the same change on both sides is no conflict to decide; fields only I changed are not shown', () => {
  const mine = { name: 'Kim Lee', phone: '0100', email: 'kim@example.com', tags: ['vip', 'new'] };
  const theirs = { name: 'Kim Lee', phone: '0100', email: null, tags: ['vip'] };
  assert.deepEqual(conflicts(FIELDS, base, mine, theirs), [
    { name: 'name', label: 'Name', mine: 'Kim Lee', theirs: 'Kim Lee', pick: 'theirs' },
  ]);
});

test('lists compare as the form shows them', () => {
  const rows = conflicts(FIELDS, base, { ...base, tags: 'vip, new' }, { ...base, tags: ['vip', 'old'] });
  assert.deepEqual(rows, [{ name: 'tags', label: 'Tags', mine: 'vip, new', theirs: 'vip, old', pick: null }]);
});

test('initials come from letters and digits only', () => {
  assert.equal(initials('Tom (edited)'), 'TE');
  assert.equal(initials('Ada Admin'), 'AA');
  assert.equal(initials('(bot)'), 'BO');
  assert.equal(initials('Đặng Thị Lan'), 'ĐL');
  assert.equal(initials('  '), '?');
  assert.equal(initials('— !'), '?');
});
