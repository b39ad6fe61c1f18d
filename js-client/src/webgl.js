// WebGL2 pieces of the client: the R8 mask texture (shared by the WebGL overlay and maskTexture()) and
// the overlay's compositing program. No dependency; every call restores the GL state it changes that a
// host renderer (three.js, a WebXR loop) may cache: the active texture unit's 2D binding and UNPACK_ALIGNMENT.

/**
 * Creates an R8 texture for masks in `gl` (a WebGL2RenderingContext). Filtering: LINEAR when `smooth`,
 * else NEAREST; clamped at the edges.
 */
export function createMaskTexture(gl, smooth = true) {
  const texture = gl.createTexture();
  if (!texture) throw new Error('createTexture failed (context lost?)');
  const prev = gl.getParameter(gl.TEXTURE_BINDING_2D);
  gl.bindTexture(gl.TEXTURE_2D, texture);
  const filter = smooth ? gl.LINEAR : gl.NEAREST;
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  gl.bindTexture(gl.TEXTURE_2D, prev);
  return { texture, width: 0, height: 0 };
}

/**
 * Uploads an R8 mask (`width * height` bytes, row-major, first row at texture coordinate t = 0) into the
 * texture from createMaskTexture: storage is (re)allocated only when the size changes (texImage2D, R8),
 * otherwise texSubImage2D replaces the texels in place.
 */
export function uploadMask(gl, tex, mask, width, height) {
  const prevBinding = gl.getParameter(gl.TEXTURE_BINDING_2D);
  const prevAlign = gl.getParameter(gl.UNPACK_ALIGNMENT);
  gl.bindTexture(gl.TEXTURE_2D, tex.texture);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1); // rows of any width are packed, not padded to 4 bytes
  const data = mask.length === width * height ? mask : mask.subarray(0, width * height);
  if (tex.width !== width || tex.height !== height) {
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, width, height, 0, gl.RED, gl.UNSIGNED_BYTE, data);
    tex.width = width;
    tex.height = height;
  } else {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RED, gl.UNSIGNED_BYTE, data);
  }
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, prevAlign);
  gl.bindTexture(gl.TEXTURE_2D, prevBinding);
}

const VERTEX = `#version 300 es
in vec2 aPos;
out vec2 vUv;
void main() {
  vUv = vec2(aPos.x * 0.5 + 0.5, 0.5 - aPos.y * 0.5); // top-left origin, as the mask rows
  gl_Position = vec4(aPos, 0.0, 1.0);
}`;

// Output is premultiplied (the canvas default): colour mode paints colour x opacity where the mask is set;
// cut-out mode shows the source through the mask and nothing elsewhere.
const FRAGMENT = `#version 300 es
precision mediump float;
uniform sampler2D uMask;
uniform sampler2D uSource;
uniform vec4 uColor;
uniform int uCutout;
uniform int uInvert;
in vec2 vUv;
out vec4 outColor;
void main() {
  float m = texture(uMask, vUv).r;
  if (uInvert == 1) m = 1.0 - m;
  if (uCutout == 1) {
    vec4 s = texture(uSource, vUv);
    outColor = vec4(s.rgb * s.a, s.a) * (m * uColor.a);
  } else {
    outColor = vec4(uColor.rgb * uColor.a, uColor.a) * m;
  }
}`;

function compile(gl, type, source) {
  const s = gl.createShader(type);
  gl.shaderSource(s, source);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(s);
    gl.deleteShader(s);
    throw new Error(`shader does not compile: ${log}`);
  }
  return s;
}

/**
 * The overlay's compositing program over `gl`: draw(maskTex, sourceOrNull) fills the viewport.
 * Owns its program, buffer, vertex array and (for a cut-out) the source texture.
 */
export function createCompositor(gl) {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`program does not link: ${gl.getProgramInfoLog(program)}`);
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  const aPos = gl.getAttribLocation(program, 'aPos');
  gl.enableVertexAttribArray(aPos);
  gl.vertexAttribPointer(aPos, 2, gl.FLOAT, false, 0, 0);
  gl.bindVertexArray(null);
  const u = (name) => gl.getUniformLocation(program, name);
  const uniforms = { mask: u('uMask'), source: u('uSource'), color: u('uColor'), cutout: u('uCutout'), invert: u('uInvert') };
  let sourceTexture = null;

  return {
    /**
     * Composites: `color` [r, g, b, a] in 0..1, `source` an image/canvas/video for a cut-out (uploaded
     * now, it may change every frame) or null for colour mode.
     */
    draw(maskTex, { color, source, invert }) {
      gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.disable(gl.BLEND); // the canvas itself is composited over the page; this pass writes final pixels
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, maskTex.texture);
      gl.uniform1i(uniforms.mask, 0);
      gl.uniform4f(uniforms.color, color[0], color[1], color[2], color[3]);
      gl.uniform1i(uniforms.invert, invert ? 1 : 0);
      gl.uniform1i(uniforms.cutout, source ? 1 : 0);
      if (source) {
        if (!sourceTexture) {
          sourceTexture = gl.createTexture();
          gl.activeTexture(gl.TEXTURE1);
          gl.bindTexture(gl.TEXTURE_2D, sourceTexture);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
          gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
        }
        gl.activeTexture(gl.TEXTURE1);
        gl.bindTexture(gl.TEXTURE_2D, sourceTexture);
        gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, source);
        gl.uniform1i(uniforms.source, 1);
        gl.activeTexture(gl.TEXTURE0);
      }
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      gl.bindVertexArray(null);
    },
    dispose() {
      gl.deleteProgram(program);
      gl.deleteBuffer(buffer);
      gl.deleteVertexArray(vao);
      if (sourceTexture) gl.deleteTexture(sourceTexture);
    },
  };
}

/**
 * The masks of `connection` as an R8 texture of the caller's WebGL2 context, for renderers of its own
 * (plain WebGL2, three.js, a WebXR session). Frames only mark the texture stale; `update()`, called from
 * the render loop, uploads the latest one (texSubImage2D, RED / UNSIGNED_BYTE, UNPACK_ALIGNMENT 1) and
 * restores the texture binding and unpack alignment it changed. Sample `.r`: 1 where the mask is opaque.
 */
export function maskTexture(connection, gl, options = {}) {
  if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
    throw new TypeError('maskTexture needs a WebGL2RenderingContext (R8 textures are WebGL2)');
  }
  const tex = createMaskTexture(gl, options.smoothing !== false);
  let pending = connection.lastFrame;
  const off = connection.on('frame', (f) => { pending = f; });
  const handle = {
    /** The WebGLTexture (R8); bind it to sample the mask. Its size is width x height once updated. */
    texture: tex.texture,
    width: 0,
    height: 0,
    /** Index of the frame the texture holds, -1 before the first update. */
    frame: -1,
    /** Uploads the latest frame if it is newer than the texture; returns whether it did. */
    update() {
      if (!pending) return false;
      const f = pending;
      pending = null;
      uploadMask(gl, tex, f.mask, f.width, f.height);
      handle.width = f.width;
      handle.height = f.height;
      handle.frame = f.index;
      return true;
    },
    /** Stops following the connection and deletes the texture. */
    dispose() {
      off();
      gl.deleteTexture(tex.texture);
    },
  };
  return handle;
}
