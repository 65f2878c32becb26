// The scatter plot: every point drawn with one WebGL draw call (gl.POINTS; comfortably 100k+ points), highlighted
// points drawn again on top, and HTML labels for the hovered, searched and neighbour points. 2-D: drag pans, wheel
// zooms. 3-D: drag rotates, Shift+drag pans, wheel zooms. Keyboard (canvas focused): arrows pan or rotate, +/−
// zoom, 0 resets. Colours come from the --vscode-* theme variables and follow theme changes. Every camera move is
// reported (onCameraChange), so the app can keep it for a reload and hand it back with setCamera.

import type { CameraState } from '../protocol';

export interface Highlights {
  /** The searched word's row. */
  readonly query?: number;
  /** Its neighbours (or an analogy's answers), labelled. */
  readonly neighbours: readonly number[];
  /** The analogy's a, b, c rows. */
  readonly inputs: readonly number[];
}

interface PlotOptions {
  onHover?(index: number | null): void;
  onPick?(index: number): void;
  /** The learner moved the camera, or a new projection reset it. */
  onCameraChange?(camera: CameraState): void;
}

const HOME: CameraState = { x: 0, y: 0, zoom: 1, yaw: 0.6, pitch: 0.35 };

type Rgba = [number, number, number, number];

const VERTEX = `
attribute vec3 position;
attribute vec4 color;
uniform mat4 mvp;
uniform float size;
varying vec4 vColor;
void main() {
  gl_Position = mvp * vec4(position, 1.0);
  gl_PointSize = size;
  vColor = color;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 vColor;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  if (dot(d, d) > 0.25) discard;
  gl_FragColor = vColor;
}`;

export class ScatterPlot {
  readonly canvas: HTMLCanvasElement;
  private readonly labels: HTMLElement;
  private readonly gl: WebGLRenderingContext;
  private program!: WebGLProgram;
  private buffers!: { position: WebGLBuffer; color: WebGLBuffer; hiPosition: WebGLBuffer; hiColor: WebGLBuffer };
  private contextLost = false;
  private positions: Float32Array = new Float32Array(0); // [N, 3], fitted into [-1, 1]
  private words: readonly string[] = [];
  private dims: 2 | 3 = 2;
  private highlights: Highlights = { neighbours: [], inputs: [] };
  private hovered: number | null = null;
  private colors = { point: [0.5, 0.5, 0.5, 0.5] as Rgba, query: [1, 0, 0, 1] as Rgba, neighbour: [1, 0.6, 0, 1] as Rgba, input: [0.2, 0.5, 1, 1] as Rgba };
  private camera = { ...HOME };
  private frame = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly options: PlotOptions = {},
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'plot-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Scatter plot of the projected vectors. Arrow keys pan or rotate, plus and minus zoom, 0 resets.');
    this.labels = document.createElement('div');
    this.labels.className = 'plot-labels';
    this.labels.setAttribute('aria-hidden', 'true');
    container.append(this.canvas, this.labels);
    const gl = this.canvas.getContext('webgl', { antialias: true, premultipliedAlpha: false });
    if (!gl) throw new Error('WebGL is not available in this webview, so the plot cannot be drawn.');
    this.gl = gl;
    this.createResources();
    this.readTheme();
    this.listen();
  }

  /** The program and buffers: made at start, and again when a lost context is restored. */
  private createResources(): void {
    const gl = this.gl;
    this.program = link(gl, VERTEX, FRAGMENT);
    this.buffers = { position: gl.createBuffer()!, color: gl.createBuffer()!, hiPosition: gl.createBuffer()!, hiColor: gl.createBuffer()! };
  }

  /** Uploads everything again (after a restored context). */
  private reupload(): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.position);
    gl.bufferData(gl.ARRAY_BUFFER, this.positions, gl.DYNAMIC_DRAW);
    this.uploadColors();
    this.uploadHighlights();
    this.requestDraw();
  }

  /** Shows a new projection ([N, dims] row-major); `keepCamera` for the frames of an animation. */
  setPoints(coords: Float32Array, dims: 2 | 3, words: readonly string[], keepCamera = false): void {
    this.dims = dims;
    this.words = words;
    this.positions = fit(coords, dims);
    if (!keepCamera) this.setCamera(HOME);
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.position);
    gl.bufferData(gl.ARRAY_BUFFER, this.positions, gl.DYNAMIC_DRAW);
    this.uploadColors();
    this.uploadHighlights();
    this.requestDraw();
  }

  setHighlights(h: Highlights): void {
    this.highlights = h;
    this.uploadHighlights();
    this.requestDraw();
  }

  /** Re-reads the --vscode-* colours (the theme changed). */
  readTheme(): void {
    this.colors = {
      point: [...cssColor('--vscode-editor-foreground', [0.5, 0.5, 0.5]), 0.45] as Rgba,
      query: [...cssColor('--vscode-charts-red', [0.9, 0.2, 0.2]), 1] as Rgba,
      neighbour: [...cssColor('--vscode-charts-orange', [1, 0.6, 0]), 1] as Rgba,
      input: [...cssColor('--vscode-charts-blue', [0.2, 0.5, 1]), 1] as Rgba,
    };
    if (this.positions.length) {
      this.uploadColors();
      this.uploadHighlights();
      this.requestDraw();
    }
  }

  resetView(): void {
    this.setCamera(HOME);
  }

  getCamera(): CameraState {
    return { ...this.camera };
  }

  /** Moves the camera (e.g. back to where a reloaded window left it); the zoom is clamped as the wheel clamps it. */
  setCamera(c: CameraState): void {
    this.camera = { x: c.x, y: c.y, zoom: clampZoom(c.zoom), yaw: c.yaw, pitch: clampPitch(c.pitch) };
    this.cameraMoved();
  }

  private cameraMoved(): void {
    this.requestDraw();
    this.options.onCameraChange?.(this.getCamera());
  }

  /** Where row `i` is drawn, in CSS pixels of the canvas; undefined when it is behind the camera. */
  screenPosition(i: number): { x: number; y: number } | undefined {
    const m = this.matrix();
    return project(m, this.positions, i, this.canvas.clientWidth, this.canvas.clientHeight);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.disposers.splice(0).forEach((d) => d());
    this.canvas.remove();
    this.labels.remove();
  }

  private uploadColors(): void {
    const n = this.positions.length / 3;
    const colors = new Float32Array(n * 4);
    for (let i = 0; i < n; i++) colors.set(this.colors.point, i * 4);
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.color);
    gl.bufferData(gl.ARRAY_BUFFER, colors, gl.DYNAMIC_DRAW);
  }

  private highlighted(): { index: number; color: Rgba }[] {
    const h = this.highlights;
    const n = this.positions.length / 3;
    const list = [
      ...h.neighbours.map((index) => ({ index, color: this.colors.neighbour })),
      ...h.inputs.map((index) => ({ index, color: this.colors.input })),
      ...(h.query !== undefined ? [{ index: h.query, color: this.colors.query }] : []),
    ];
    return list.filter((p) => p.index >= 0 && p.index < n);
  }

  private uploadHighlights(): void {
    const list = this.highlighted();
    const pos = new Float32Array(list.length * 3);
    const col = new Float32Array(list.length * 4);
    list.forEach((p, i) => {
      pos.set(this.positions.subarray(p.index * 3, p.index * 3 + 3), i * 3);
      col.set(p.color, i * 4);
    });
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.hiPosition);
    gl.bufferData(gl.ARRAY_BUFFER, pos, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.hiColor);
    gl.bufferData(gl.ARRAY_BUFFER, col, gl.DYNAMIC_DRAW);
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private matrix(): Float32Array {
    const w = this.canvas.clientWidth || 1;
    const h = this.canvas.clientHeight || 1;
    const aspect = w / h;
    const c = this.camera;
    if (this.dims === 2) {
      const sx = (aspect > 1 ? 1 / aspect : 1) * c.zoom * 0.95;
      const sy = (aspect > 1 ? 1 : aspect) * c.zoom * 0.95;
      // column-major: scale, then translate by the pan
      return new Float32Array([sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, 1, 0, -c.x * sx, -c.y * sy, 0, 1]);
    }
    const proj = perspective(Math.PI / 4, aspect, 0.1, 100);
    const view = multiply(translation(-c.x, -c.y, -3.2 / c.zoom), multiply(rotationX(c.pitch), rotationY(c.yaw)));
    return multiply(proj, view);
  }

  private draw(): void {
    if (this.contextLost) return;
    const gl = this.gl;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    gl.viewport(0, 0, w, h);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    gl.useProgram(this.program);
    gl.uniformMatrix4fv(gl.getUniformLocation(this.program, 'mvp'), false, this.matrix());
    const n = this.positions.length / 3;
    const base = Math.max(2, Math.min(6, 9 - Math.log10(Math.max(10, n)) * 1.5)) * dpr;
    this.drawPoints(this.buffers.position, this.buffers.color, n, base);
    this.drawPoints(this.buffers.hiPosition, this.buffers.hiColor, this.highlighted().length, base * 2.2);
    this.placeLabels();
  }

  private drawPoints(position: WebGLBuffer, color: WebGLBuffer, count: number, size: number): void {
    if (!count) return;
    const gl = this.gl;
    const pos = gl.getAttribLocation(this.program, 'position');
    const col = gl.getAttribLocation(this.program, 'color');
    gl.bindBuffer(gl.ARRAY_BUFFER, position);
    gl.enableVertexAttribArray(pos);
    gl.vertexAttribPointer(pos, 3, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, color);
    gl.enableVertexAttribArray(col);
    gl.vertexAttribPointer(col, 4, gl.FLOAT, false, 0, 0);
    gl.uniform1f(gl.getUniformLocation(this.program, 'size'), size);
    gl.drawArrays(gl.POINTS, 0, count);
  }

  private placeLabels(): void {
    const shown = new Map<number, string>();
    const h = this.highlights;
    h.neighbours.forEach((i) => shown.set(i, 'neighbour'));
    h.inputs.forEach((i) => shown.set(i, 'input'));
    if (h.query !== undefined) shown.set(h.query, 'query');
    if (this.hovered !== null) shown.set(this.hovered, 'hover');
    const m = this.matrix();
    const spans: HTMLElement[] = [];
    for (const [i, kind] of shown) {
      if (i >= this.words.length) continue;
      const p = project(m, this.positions, i, this.canvas.clientWidth, this.canvas.clientHeight);
      if (!p) continue;
      const span = document.createElement('span');
      span.className = `plot-label plot-label-${kind}`;
      span.textContent = this.words[i]!;
      // CSSOM assignments, not style attributes: the CSP allows no inline style attributes here.
      span.style.left = `${p.x + 6}px`;
      span.style.top = `${p.y - 8}px`;
      spans.push(span);
    }
    this.labels.replaceChildren(...spans);
  }

  private nearestOnScreen(x: number, y: number, radius = 8): number | null {
    const m = this.matrix();
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    let best: number | null = null;
    let bestD = radius * radius;
    const n = this.positions.length / 3;
    for (let i = 0; i < n; i++) {
      const p = project(m, this.positions, i, w, h);
      if (!p) continue;
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  private listen(): void {
    const on = <K extends keyof HTMLElementEventMap>(target: HTMLElement | Window, type: K, f: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      target.addEventListener(type, f as EventListener, opts);
      this.disposers.push(() => target.removeEventListener(type, f as EventListener));
    };
    let drag: { x: number; y: number; moved: boolean; pan: boolean } | null = null;
    let hoverPending = false;
    on(this.canvas, 'pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: false, pan: this.dims === 2 || e.shiftKey };
      this.canvas.setPointerCapture(e.pointerId);
    });
    on(this.canvas, 'pointermove', (e) => {
      if (drag) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
        drag.x = e.clientX;
        drag.y = e.clientY;
        if (drag.pan) this.pan(dx, dy);
        else this.rotate(dx * 0.01, dy * 0.01);
        return;
      }
      if (hoverPending) return;
      hoverPending = true;
      const rect = this.canvas.getBoundingClientRect();
      const x = e.clientX - rect.left;
      const y = e.clientY - rect.top;
      requestAnimationFrame(() => {
        hoverPending = false;
        const i = this.nearestOnScreen(x, y);
        if (i !== this.hovered) {
          this.hovered = i;
          this.options.onHover?.(i);
          this.requestDraw();
        }
      });
    });
    on(this.canvas, 'pointerup', (e) => {
      if (drag && !drag.moved) {
        const rect = this.canvas.getBoundingClientRect();
        const i = this.nearestOnScreen(e.clientX - rect.left, e.clientY - rect.top);
        if (i !== null) this.options.onPick?.(i);
      }
      drag = null;
    });
    on(this.canvas, 'pointerleave', () => {
      if (this.hovered !== null) {
        this.hovered = null;
        this.options.onHover?.(null);
        this.requestDraw();
      }
    });
    on(this.canvas, 'wheel', (e) => {
      e.preventDefault();
      this.zoom(Math.exp(-e.deltaY * 0.001));
    }, { passive: false });
    on(this.canvas, 'keydown', (e) => {
      const step = 20;
      const keys: Record<string, () => void> = {
        ArrowLeft: () => (this.dims === 2 ? this.pan(step, 0) : this.rotate(-0.1, 0)),
        ArrowRight: () => (this.dims === 2 ? this.pan(-step, 0) : this.rotate(0.1, 0)),
        ArrowUp: () => (this.dims === 2 ? this.pan(0, step) : this.rotate(0, -0.1)),
        ArrowDown: () => (this.dims === 2 ? this.pan(0, -step) : this.rotate(0, 0.1)),
        '+': () => this.zoom(1.2),
        '=': () => this.zoom(1.2),
        '-': () => this.zoom(1 / 1.2),
        '0': () => this.resetView(),
      };
      const action = keys[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    });
    // A lost context (driver reset, too many contexts) comes back when the browser restores it; draw again then.
    on(this.canvas, 'webglcontextlost' as keyof HTMLElementEventMap, (e) => {
      e.preventDefault();
      this.contextLost = true;
    });
    on(this.canvas, 'webglcontextrestored' as keyof HTMLElementEventMap, () => {
      this.contextLost = false;
      this.createResources();
      this.reupload();
    });
    const resize = new ResizeObserver(() => this.requestDraw());
    resize.observe(this.container);
    this.disposers.push(() => resize.disconnect());
  }

  private pan(dxPx: number, dyPx: number): void {
    const w = this.canvas.clientWidth || 1;
    const h = this.canvas.clientHeight || 1;
    const scale = 2 / Math.min(w, h) / this.camera.zoom;
    this.camera.x -= dxPx * scale;
    this.camera.y += dyPx * scale;
    this.cameraMoved();
  }

  private rotate(dYaw: number, dPitch: number): void {
    this.camera.yaw += dYaw;
    this.camera.pitch = clampPitch(this.camera.pitch + dPitch);
    this.cameraMoved();
  }

  private zoom(factor: number): void {
    this.camera.zoom = clampZoom(this.camera.zoom * factor);
    this.cameraMoved();
  }
}

function clampZoom(zoom: number): number {
  return Math.max(0.2, Math.min(200, zoom));
}

function clampPitch(pitch: number): number {
  return Math.max(-1.5, Math.min(1.5, pitch));
}

/** Centres the points and scales them into [-1, 1]; a 2-D set gets z = 0. Returns [N, 3]. */
function fit(coords: Float32Array, dims: 2 | 3): Float32Array {
  const n = coords.length / dims;
  const out = new Float32Array(n * 3);
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) mean[d]! += coords[i * dims + d]! / n;
  let max = 0;
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(coords[i * dims + d]! - mean[d]!));
  const s = max > 0 ? 1 / max : 1;
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) out[i * 3 + d] = (coords[i * dims + d]! - mean[d]!) * s;
  return out;
}

function project(m: Float32Array, positions: Float32Array, i: number, w: number, h: number): { x: number; y: number } | undefined {
  const x = positions[i * 3]!;
  const y = positions[i * 3 + 1]!;
  const z = positions[i * 3 + 2]!;
  const cw = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
  if (cw <= 0) return undefined;
  const cx = (m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / cw;
  const cy = (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / cw;
  return { x: ((cx + 1) / 2) * w, y: ((1 - cy) / 2) * h };
}

// ---- 4×4 column-major matrices -------------------------------------------------------------------------------------

function multiply(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + r]! * b[c * 4 + k]!;
    out[c * 4 + r] = s;
  }
  return out;
}

function perspective(fovy: number, aspect: number, near: number, far: number): Float32Array {
  const f = 1 / Math.tan(fovy / 2);
  const nf = 1 / (near - far);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0]);
}

function translation(x: number, y: number, z: number): Float32Array {
  return new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]);
}

function rotationX(a: number): Float32Array {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return new Float32Array([1, 0, 0, 0, 0, c, s, 0, 0, -s, c, 0, 0, 0, 0, 1]);
}

function rotationY(a: number): Float32Array {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return new Float32Array([c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, 0, 0, 0, 1]);
}

function link(gl: WebGLRenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram()!;
  for (const [type, source] of [[gl.VERTEX_SHADER, vertex], [gl.FRAGMENT_SHADER, fragment]] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`plot shader: ${gl.getShaderInfoLog(shader)}`);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`plot program: ${gl.getProgramInfoLog(program)}`);
  return program;
}

/** A theme colour as [r, g, b] in 0..1, resolved by the browser from a --vscode-* variable. */
function cssColor(variable: string, fallback: [number, number, number]): [number, number, number] {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  probe.style.display = 'none';
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  const m = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(value);
  if (!m || !getComputedStyle(document.documentElement).getPropertyValue(variable).trim()) return fallback;
  return [Number(m[1]) / 255, Number(m[2]) / 255, Number(m[3]) / 255];
}
