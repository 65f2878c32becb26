import * as assert from 'node:assert/strict';
import { ErrorMessage, isLessonState, ReachedEndMessage, ReadyMessage, RenderMessage } from '../../../src/webviews/lesson/protocol';

describe('lesson webview protocol', () => {
  it('recognises each message by type and required fields', () => {
    assert.ok(ReadyMessage.is({ type: 'ready' }));
    assert.ok(ReachedEndMessage.is({ type: 'reachedEnd' }));
    assert.ok(RenderMessage.is({ type: 'render', title: 'T', html: '<p>x</p>' }));
    assert.ok(ErrorMessage.is({ type: 'error', title: 'T', message: 'm' }));
    assert.ok(ErrorMessage.is({ type: 'error', title: 'T', message: 'm', detail: 'ENOENT' }));
  });

  it('rejects messages of another type, with missing or mistyped fields, and non-objects', () => {
    assert.ok(!ReadyMessage.is({ type: 'reachedEnd' }));
    assert.ok(!RenderMessage.is({ type: 'render', title: 'T' }));
    assert.ok(!RenderMessage.is({ type: 'render', title: 1, html: '' }));
    assert.ok(!ErrorMessage.is({ type: 'error', title: 'T', message: 'm', detail: 42 }));
    for (const junk of [null, undefined, 'ready', ['ready'], 7]) assert.ok(!ReadyMessage.is(junk), String(junk));
  });

  it('accepts only a complete lesson state (what the panel serializer receives)', () => {
    assert.ok(isLessonState({ docId: 'tokenization', scrollY: 120, reachedEnd: false }));
    assert.ok(!isLessonState({ docId: 'tokenization/bpe-train', scrollY: Number.NaN, reachedEnd: false }));
    assert.ok(!isLessonState({ docId: 'tokenization' }));
    assert.ok(!isLessonState(undefined));
  });
});
