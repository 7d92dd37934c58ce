"""Generate the editorial illustrations that ship with `broadsheet demo`.

Every picture is drawn from simple shapes, gradients and a little grain with Pillow, so the
demo carries no third-party photographs. The output is deterministic: each scene draws from
its own seeded random generator, and running the script again rewrites the same files.

    python tools/make_demo_photos.py [output-folder]

The images are released under CC0 1.0 (see photos/README.md).
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 1600, 900  # size of the finished JPEG
SS = 2  # drawing happens at SS times the size, then is scaled down (cheap antialiasing)
QUALITY = 82
OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "broadsheet" / "demo" / "photos"

RGB = tuple[int, int, int]
Point = tuple[float, float]
Stops = Sequence[tuple[float, RGB]]


# --------------------------------------------------------------------------- helpers


def mix(a: RGB, b: RGB, t: float) -> RGB:
    t = max(0.0, min(1.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def at_stops(stops: Stops, t: float) -> RGB:
    if t <= stops[0][0]:
        return stops[0][1]
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        if t <= p1:
            return mix(c0, c1, (t - p0) / (p1 - p0 or 1))
    return stops[-1][1]


class Draw:
    """ImageDraw that takes coordinates in finished-image pixels and draws at SS scale."""

    def __init__(self, im: Image.Image) -> None:
        self.d = ImageDraw.Draw(im)

    @staticmethod
    def _pts(xy: Iterable[Point]) -> list[tuple[float, float]]:
        return [(x * SS, y * SS) for x, y in xy]

    def polygon(self, xy: Iterable[Point], fill: object) -> None:
        self.d.polygon(self._pts(xy), fill=fill)

    def line(self, xy: Iterable[Point], fill: object, width: float = 1) -> None:
        self.d.line(self._pts(xy), fill=fill, width=max(1, round(width * SS)), joint="curve")

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: object) -> None:
        self.d.rectangle((x0 * SS, y0 * SS, x1 * SS - 1, y1 * SS - 1), fill=fill)

    def ellipse(self, x0: float, y0: float, x1: float, y1: float, fill: object) -> None:
        self.d.ellipse((x0 * SS, y0 * SS, x1 * SS, y1 * SS), fill=fill)

    def circle(self, x: float, y: float, r: float, fill: object) -> None:
        self.ellipse(x - r, y - r, x + r, y + r, fill)


def canvas(stops: Stops, top: float = 0, bottom: float = H) -> Image.Image:
    """A full-size image filled with a vertical gradient running from `top` to `bottom`."""
    im = Image.new("RGB", (W * SS, H * SS))
    draw = ImageDraw.Draw(im)
    for y in range(H * SS):
        t = (y / SS - top) / max(1, bottom - top)
        draw.line([(0, y), (W * SS, y)], fill=at_stops(stops, t))
    return im


def mask() -> tuple[Image.Image, Draw]:
    m = Image.new("L", (W * SS, H * SS), 0)
    return m, Draw(m)


def blur(im: Image.Image, radius: float) -> Image.Image:
    return im.filter(ImageFilter.GaussianBlur(radius * SS)) if radius > 0 else im


def fill_masked(im: Image.Image, colour: RGB | Image.Image, m: Image.Image) -> None:
    if isinstance(colour, Image.Image):
        im.paste(colour, (0, 0), m)
    else:
        im.paste(colour, (0, 0, im.width, im.height), m)


def light(im: Image.Image, m: Image.Image, colour: RGB) -> Image.Image:
    """Add light of `colour` where the mask is bright (screen blend)."""
    layer = ImageChops.multiply(Image.new("RGB", im.size, colour), m.convert("RGB"))
    return ImageChops.screen(im, layer)


def glow(
    im: Image.Image,
    x: float,
    y: float,
    r: float,
    colour: RGB,
    strength: int = 255,
    spread: float = 0.6,
) -> Image.Image:
    m, d = mask()
    d.circle(x, y, r, strength)
    return light(im, blur(m, r * spread), colour)


def ridge(
    rng: random.Random,
    base: float,
    amp: float,
    rough: float = 0.52,
    depth: int = 9,
    x0: float = 0,
    x1: float = W,
) -> list[Point]:
    """A horizon line made by midpoint displacement."""
    ys = [base + rng.uniform(-amp, amp), base + rng.uniform(-amp, amp)]
    disp = amp
    for _ in range(depth):
        nxt: list[float] = []
        for a, b in itertools.pairwise(ys):
            nxt += [a, (a + b) / 2 + rng.uniform(-disp, disp)]
        nxt.append(ys[-1])
        ys = nxt
        disp *= rough
    step = (x1 - x0) / (len(ys) - 1)
    return [(x0 + i * step, y) for i, y in enumerate(ys)]


def finish(im: Image.Image, rng: random.Random, grain: int = 5) -> Image.Image:
    """Scale down to the final size and add soft, seeded film grain."""
    im = im.resize((W, H), Image.Resampling.LANCZOS)
    if grain:
        gw, gh = W // 2, H // 2
        noise = Image.frombytes("L", (gw, gh), rng.randbytes(gw * gh))
        noise = noise.resize((W, H), Image.Resampling.BILINEAR)
        noise = noise.point(lambda v: v * 2 * grain // 255).convert("RGB")
        im = ImageChops.add(im, noise, scale=1.0, offset=-grain)
    return im


# --------------------------------------------------------------------------- scenes


def steppe_hills_sunset(rng: random.Random) -> Image.Image:
    horizon = 520
    im = canvas(
        [(0, (44, 38, 88)), (0.38, (132, 74, 122)), (0.72, (236, 128, 92)), (1, (255, 196, 128))],
        0,
        horizon,
    )
    im = glow(im, 1080, 470, 320, (255, 150, 80), 200, 0.7)
    im = glow(im, 1080, 470, 120, (255, 210, 150), 255, 0.6)
    d = Draw(im)
    d.circle(1080, 470, 46, (255, 236, 196))
    # thin bands of cloud across the sun
    for _ in range(7):
        m, md = mask()
        y = rng.uniform(300, 470)
        x = rng.uniform(100, 1500)
        md.ellipse(x - rng.uniform(150, 380), y - 5, x + rng.uniform(150, 380), y + 6, 150)
        fill_masked(im, (170, 90, 110), blur(m, 4))
    layers = [
        (470, 24, (176, 112, 134)),
        (530, 34, (136, 82, 116)),
        (610, 40, (98, 58, 96)),
        (700, 44, (66, 40, 72)),
        (800, 40, (38, 26, 48)),
    ]
    for i, (base, amp, colour) in enumerate(layers):
        m, md = mask()
        md.polygon([*ridge(rng, base, amp, 0.5 + i * 0.03), (W, H), (0, H)], 255)
        fill_masked(im, colour, m)
        # evening haze pooling in the valley in front of each layer
        haze, hd = mask()
        hd.rect(0, base + 20, W, base + 70, 70 - i * 10)
        im = light(im, blur(haze, 30), (255, 170, 140))
    d = Draw(im)
    for _ in range(240):  # grass in the foreground
        x = rng.uniform(0, W)
        y = rng.uniform(850, 905)
        lean = rng.uniform(-14, 14)
        d.line([(x, y), (x + lean, y - rng.uniform(20, 70))], (28, 18, 36), 2)
    for _ in range(6):  # a few birds
        x, y, s = rng.uniform(500, 1000), rng.uniform(170, 330), rng.uniform(6, 11)
        d.line([(x - s, y - s * 0.4), (x, y), (x + s, y - s * 0.5)], (40, 30, 60), 2)
    return finish(im, rng)


def river_dawn(rng: random.Random) -> Image.Image:
    horizon = 470
    sky: Stops = [
        (0, (36, 50, 96)),
        (0.5, (122, 118, 160)),
        (0.85, (236, 176, 152)),
        (1, (255, 212, 168)),
    ]
    im = canvas(sky, 0, horizon)
    water = canvas([(0, (232, 182, 152)), (0.3, (150, 128, 146)), (1, (36, 50, 82))], horizon, H)
    m, md = mask()
    md.rect(0, horizon, W, H, 255)
    fill_masked(im, water, m)
    sun_x = 560
    im = glow(im, sun_x, horizon - 12, 260, (255, 160, 100), 190, 0.7)
    d = Draw(im)
    d.circle(sun_x, horizon - 14, 34, (255, 238, 205))
    # far bank: a tree line of overlapping crowns
    bank, bd = mask()
    bd.polygon([*ridge(rng, horizon - 8, 6), (W, horizon + 4), (0, horizon + 4)], 255)
    x = -20.0
    while x < W + 20:
        r = rng.uniform(10, 26)
        bd.circle(x, horizon - 8 - r * rng.uniform(0.4, 1.1), r, 255)
        x += r * rng.uniform(0.6, 1.1)
    fill_masked(im, (54, 56, 74), bank)
    reflection = bank.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    reflection = ImageChops.offset(reflection, 0, -(H - 2 * horizon - 8) * SS)
    fill_masked(im, (92, 86, 104), blur(reflection.point(lambda v: v * 2 // 3), 3))
    # sun path on the water
    streak, sd = mask()
    y = horizon + 6.0
    while y < H:
        half = 70 * (1 - (y - horizon) / (H - horizon)) + rng.uniform(4, 30)
        off = rng.uniform(-20, 20)
        sd.rect(sun_x - half + off, y, sun_x + half + off, y + rng.uniform(1.5, 3.5), 210)
        y += rng.uniform(5, 11) * (1 + (y - horizon) / 300)
    im = light(im, blur(streak, 1.2), (255, 204, 150))
    d = Draw(im)
    for _ in range(260):  # ripples
        y = rng.uniform(horizon + 10, H)
        x = rng.uniform(-50, W)
        length = rng.uniform(30, 160) * (0.5 + (y - horizon) / 300)
        tone = mix((80, 84, 116), (226, 182, 158), 1 - (y - horizon) / (H - horizon))
        d.line([(x, y), (x + length, y)], tone, 1.5)
    mist, mistd = mask()
    mistd.rect(0, horizon - 40, W, horizon + 40, 120)
    im = light(im, blur(mist, 26), (235, 214, 214))
    # reeds in the foreground, both corners
    d = Draw(im)
    for side in (0, 1):
        for _ in range(70):
            x = rng.uniform(0, 330) if side == 0 else rng.uniform(1300, W)
            top = rng.uniform(560, 800)
            bend = rng.uniform(-30, 30)
            pts = [(x, H + 5), (x + bend * 0.3, (H + top) / 2), (x + bend, top)]
            d.line(pts, (24, 28, 38), rng.uniform(2, 4))
            if rng.random() < 0.25:
                d.ellipse(x + bend - 5, top - 8, x + bend + 5, top + 34, (30, 26, 32))
    return finish(im, rng)


def parliament_columns(rng: random.Random) -> Image.Image:
    im = canvas([(0, (34, 52, 104)), (0.55, (112, 128, 184)), (1, (236, 182, 152))], 0, 700)
    im = glow(im, 800, 640, 520, (255, 180, 140), 120, 0.8)
    d = Draw(im)
    stone, shade, dark = (222, 206, 180), (176, 160, 140), (92, 82, 82)
    # square in front
    for i in range(12):
        y0 = 760 + i * 12
        d.rect(0, y0, W, y0 + 12, mix((120, 110, 112), (70, 64, 72), i / 11))
    # dome and drum behind the portico
    d.ellipse(630, 70, 970, 270, (186, 176, 170))
    d.ellipse(660, 82, 940, 262, (206, 196, 186))
    d.rect(780, 30, 820, 90, stone)
    d.ellipse(786, 14, 814, 42, shade)
    d.rect(620, 170, 980, 300, shade)
    for x in range(640, 980, 34):
        d.rect(x, 182, x + 12, 300, stone)
    # wings with windows
    for x0, x1 in ((90, 390), (1210, 1510)):
        d.rect(x0, 400, x1, 770, shade)
        d.rect(x0 - 10, 388, x1 + 10, 404, stone)
        for row in range(3):
            for col in range(5):
                wx = x0 + 22 + col * 56
                wy = 430 + row * 106
                lit = rng.random() < 0.55
                d.rect(wx, wy, wx + 30, wy + 62, (255, 204, 130) if lit else (70, 66, 80))
    # wall behind the columns, with lit doorways
    d.rect(360, 380, 1240, 700, dark)
    m, md = mask()
    for i in range(7):
        cx = 437 + i * 121
        md.rect(cx - 20, 460, cx + 20, 700, 255)
    im = light(im, blur(m, 14), (255, 170, 90))
    d = Draw(im)
    for i in range(7):
        cx = 437 + i * 121
        d.rect(cx - 16, 470, cx + 16, 700, (255, 214, 150))
    # entablature and pediment
    d.polygon([(320, 330), (800, 200), (1280, 330)], stone)
    d.polygon([(370, 320), (800, 214), (1230, 320)], shade)
    d.rect(320, 326, 1280, 384, stone)
    d.rect(320, 356, 1280, 362, shade)
    # eight fluted columns, shaded as cylinders
    for i in range(8):
        cx = 376 + i * 121
        for k in range(-28, 29):
            t = math.cos(k / 28 * math.pi / 2 + 0.35)
            d.rect(cx + k, 400, cx + k + 1, 690, mix(dark, stone, 0.25 + 0.75 * max(t, 0)))
        d.rect(cx - 36, 384, cx + 36, 402, stone)
        d.rect(cx - 38, 688, cx + 38, 704, stone)
    # steps and stylobate
    for i in range(6):
        y0 = 704 + i * 12
        inset = 20 - i * 18
        d.rect(300 + inset, y0, 1300 - inset, y0 + 12, mix(stone, shade, (i % 2) * 0.6))
    # trees at the edges
    for cx in (30, 1570):
        for _ in range(40):
            r = rng.uniform(24, 60)
            d.circle(cx + rng.uniform(-70, 70), rng.uniform(420, 700), r, (30, 38, 52))
    # street lamps
    for x in (200, 1400):
        d.rect(x - 3, 640, x + 3, 860, (30, 30, 40))
    for x in (200, 1400):
        im = glow(im, x, 634, 40, (255, 200, 120), 255, 0.8)
        Draw(im).circle(x, 634, 9, (255, 236, 190))
    return finish(im, rng)


def city_skyline_night(rng: random.Random) -> Image.Image:
    base = 640
    im = canvas([(0, (8, 12, 34)), (0.6, (32, 36, 78)), (1, (112, 70, 102))], 0, base)
    d = Draw(im)
    for _ in range(180):
        x, y = rng.uniform(0, W), rng.uniform(0, 420)
        v = rng.randint(120, 255)
        d.circle(x, y, rng.uniform(0.6, 1.6), (v, v, min(255, v + 20)))
    d.circle(1320, 140, 38, (238, 234, 214))
    d.circle(1336, 130, 36, mix((8, 12, 34), (32, 36, 78), 0.35))
    im = glow(im, 800, base, 700, (150, 90, 110), 90, 0.6)

    def buildings(colour: RGB, lo: int, hi: int, lit: float, win: RGB) -> None:
        nonlocal im
        d = Draw(im)
        x = -20.0
        while x < W:
            bw = rng.uniform(50, 140)
            bh = rng.uniform(lo, hi)
            top = base - bh
            d.rect(x, top, x + bw, base, colour)
            if rng.random() < 0.25:  # stepped roof or mast
                d.rect(x + bw * 0.3, top - 30, x + bw * 0.7, top, colour)
            for wy in range(int(top + 14), base - 10, 18):
                for wx in range(int(x + 8), int(x + bw - 12), 16):
                    if rng.random() < lit:
                        tone = win if rng.random() < 0.8 else (170, 196, 255)
                        d.rect(wx, wy, wx + 8, wy + 10, tone)
            x += bw + rng.uniform(-10, 12)

    buildings((44, 44, 80), 120, 330, 0.08, (170, 150, 120))
    buildings((18, 20, 38), 60, 260, 0.32, (255, 206, 120))
    d = Draw(im)
    d.rect(1040, 180, 1060, base, (18, 20, 38))  # a television mast
    d.polygon([(1030, base), (1050, 260), (1070, base)], (18, 20, 38))
    im = glow(im, 1050, 178, 10, (255, 60, 60), 255, 0.8)
    # embankment and the river reflecting the lights
    d = Draw(im)
    d.rect(0, base, W, base + 14, (28, 26, 40))
    upper = im.crop((0, (base - 360) * SS, W * SS, base * SS))
    refl = upper.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    refl = refl.resize((W * SS, (H - base - 14) * SS))
    strips = Image.new("RGB", refl.size)
    for y in range(0, refl.height, 4):
        shift = round(math.sin(y / 9) * 6 * SS + rng.uniform(-3, 3) * SS)
        strips.paste(refl.crop((0, y, refl.width, y + 4)), (shift, y))
    strips = blur(strips, 1.5)
    water = canvas([(0, (40, 30, 60)), (1, (6, 8, 20))], base, H)
    water = water.crop((0, (base + 14) * SS, W * SS, H * SS))
    im.paste(Image.blend(water, strips, 0.55), (0, (base + 14) * SS))
    return finish(im, rng)


def sunflower_field(rng: random.Random) -> Image.Image:
    horizon = 400
    im = canvas([(0, (58, 120, 206)), (1, (178, 212, 240))], 0, horizon)
    for _ in range(5):  # clouds
        cx, cy = rng.uniform(100, 1500), rng.uniform(80, 260)
        m, md = mask()
        for _ in range(9):
            r = rng.uniform(26, 60)
            md.circle(cx + rng.uniform(-110, 110), cy + rng.uniform(-20, 16), r, 255)
        fill_masked(im, (250, 252, 255), blur(m, 3))
    field = canvas([(0, (96, 130, 48)), (1, (44, 84, 28))], horizon, H)
    m, md = mask()
    md.rect(0, horizon, W, H, 255)
    fill_masked(im, field, m)
    d = Draw(im)
    trees = ridge(rng, horizon - 8, 6)
    d.polygon([*trees, (W, horizon + 2), (0, horizon + 2)], (50, 80, 50))
    for _ in range(1800):  # distant heads as dots, denser near the horizon
        t = rng.random() ** 2
        y = horizon + 4 + t * 140
        r = 1.5 + t * 5
        d.circle(rng.uniform(0, W), y, r, mix((224, 184, 40), (246, 200, 30), t))
    flowers = [
        (rng.uniform(-60, W + 60), horizon + 140 + (rng.random() ** 1.4) * 560) for _ in range(170)
    ]
    for x, y in sorted(flowers, key=lambda p: p[1]):
        s = 6 + (y - horizon) / 560 * 70  # head radius grows toward the viewer
        stem = (56, 100, 34)
        d.line([(x, y), (x + s * 0.1, y + s * 3.4)], stem, max(2, s / 7))
        for sign in (-1, 1):
            lx, ly = x + sign * s * 0.7, y + s * 1.8
            d.polygon(
                [(x, y + s * 1.5), (lx + sign * s * 0.6, ly - s * 0.3), (lx, ly + s * 0.4)],
                (70, 122, 40),
            )
        rot = rng.uniform(0, math.pi)
        petals = 16
        for k in range(petals):
            a = rot + k * 2 * math.pi / petals
            tip = (x + math.cos(a) * s * 1.55, y + math.sin(a) * s * 1.35)
            side = 0.22
            left = (x + math.cos(a - side) * s * 0.8, y + math.sin(a - side) * s * 0.7)
            right = (x + math.cos(a + side) * s * 0.8, y + math.sin(a + side) * s * 0.7)
            tone = mix((238, 176, 20), (255, 214, 60), rng.random())
            d.polygon([left, tip, right, (x, y)], tone)
        d.ellipse(x - s * 0.8, y - s * 0.7, x + s * 0.8, y + s * 0.7, (92, 56, 22))
        d.ellipse(x - s * 0.55, y - s * 0.48, x + s * 0.55, y + s * 0.48, (64, 38, 16))
        d.ellipse(x - s * 0.3, y - s * 0.28, x + s * 0.3, y + s * 0.2, (84, 52, 20))
    return finish(blur(im, 0.6), rng, grain=2)


def snowy_street(rng: random.Random) -> Image.Image:
    vx, vy, f, eye = 800.0, 420.0, 820.0, 1.7

    def p(x: float, y: float, z: float) -> Point:
        return (vx + f * x / z, vy + f * (eye - y) / z)

    im = canvas([(0, (28, 40, 78)), (1, (126, 132, 168))], 0, vy + 40)
    ground = canvas([(0, (150, 158, 186)), (1, (222, 228, 240))], vy, H)
    m, md = mask()
    md.rect(0, vy, W, H, 255)
    fill_masked(im, ground, m)
    d = Draw(im)
    # tyre tracks
    for x in (-2.9, -1.5, 1.3, 2.7):
        d.polygon([p(x - 0.12, 0, 1.2), p(x + 0.12, 0, 1.2), p(x, 0, 140)], (168, 174, 198))
    # kerbs
    for x in (-6.0, 6.0):
        d.polygon([p(x, 0, 1.2), p(x, 0.15, 1.2), p(x, 0.15, 160), p(x, 0, 160)], (186, 192, 214))
    # buildings on both sides, far ones first
    z = 160.0
    segments: list[tuple[float, float, float]] = []
    while z > 1.5:
        depth = rng.uniform(10, 20)
        segments.append((max(1.5, z - depth), z, rng.uniform(11, 19)))
        z -= depth
    for side in (-1, 1):
        for z0, z1, height in segments:
            x = side * 9.0
            tone = mix((70, 64, 80), (118, 100, 96), rng.random())
            d.polygon([p(x, 0, z0), p(x, height, z0), p(x, height, z1), p(x, 0, z1)], tone)
            d.polygon(
                [
                    p(x, height, z0),
                    p(x, height + 0.5, z0),
                    p(x, height + 0.5, z1),
                    p(x, height, z1),
                ],
                (236, 240, 248),
            )  # snow on the cornice
            floor = 3.2
            while floor + 1.6 < height:
                wz = z0 + 1.5
                while wz + 1.2 < z1:
                    lit = rng.random() < 0.45
                    colour = (255, 202, 120) if lit else (52, 52, 70)
                    d.polygon(
                        [
                            p(x, floor, wz),
                            p(x, floor + 1.6, wz),
                            p(x, floor + 1.6, wz + 1.1),
                            p(x, floor, wz + 1.1),
                        ],
                        colour,
                    )
                    wz += 2.6
                floor += 3.3
    # lamp posts with pools of light on the snow
    pools, pd = mask()
    heads: list[tuple[Point, float]] = []
    for side in (-1, 1):
        zz = 7.0 if side < 0 else 12.0
        while zz < 150:
            x = side * 5.4
            d.line([p(x, 0, zz), p(x, 5.2, zz)], (30, 30, 42), max(1.0, f * 0.14 / zz))
            arm = p(x - side * 0.9, 5.2, zz)
            d.line([p(x, 5.1, zz), arm], (30, 30, 42), max(1.0, f * 0.08 / zz))
            heads.append((arm, zz))
            cx, cy = p(x - side * 0.9, 0, zz)
            rx, ry = f * 2.2 / zz, f * 0.5 / zz
            pd.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, 120)
            zz += 12
    fill_masked(im, (255, 206, 150), blur(pools, 10))
    for (hx, hy), zz in heads:
        im = glow(im, hx, hy, max(6, 260 / zz), (255, 190, 110), 230, 0.9)
        Draw(im).circle(hx, hy, max(1.5, 26 / zz), (255, 240, 210))
    # falling snow: a sharp layer and a soft, near layer
    flakes, fd = mask()
    for _ in range(900):
        fd.circle(rng.uniform(0, W), rng.uniform(0, H), rng.uniform(0.8, 2.2), 230)
    im = light(im, flakes, (240, 244, 255))
    near, nd = mask()
    for _ in range(70):
        nd.circle(rng.uniform(0, W), rng.uniform(0, H), rng.uniform(4, 9), 200)
    im = light(im, blur(near, 3), (230, 236, 250))
    return finish(im, rng, grain=4)


def harbour_cranes(rng: random.Random) -> Image.Image:
    horizon = 560
    im = canvas([(0, (112, 154, 202)), (0.7, (198, 206, 214)), (1, (236, 214, 196))], 0, horizon)
    water = canvas([(0, (96, 122, 148)), (1, (28, 48, 72))], horizon, H)
    m, md = mask()
    md.rect(0, horizon, W, H, 255)
    fill_masked(im, water, m)
    d = Draw(im)
    d.polygon([*ridge(rng, horizon - 10, 8, x1=700), (700, horizon), (0, horizon)], (140, 152, 170))
    # the quay and its containers
    quay_top = 620
    d.polygon(
        [(560, quay_top), (W, quay_top - 12), (W, quay_top + 50), (560, quay_top + 58)],
        (94, 96, 104),
    )
    d.polygon(
        [(560, quay_top - 6), (W, quay_top - 18), (W, quay_top - 12), (560, quay_top)],
        (168, 166, 160),
    )
    palette = [
        (168, 60, 48),
        (40, 86, 140),
        (58, 118, 84),
        (214, 132, 44),
        (130, 130, 136),
        (180, 170, 150),
        (90, 60, 110),
    ]
    x = 900.0
    while x < W:
        stack = rng.randint(1, 4)
        for level in range(stack):
            colour = rng.choice(palette)
            y1 = quay_top - 10 - level * 26
            d.rect(x, y1 - 26, x + 60, y1, colour)
            for rib in range(int(x) + 6, int(x) + 60, 6):
                d.line([(rib, y1 - 24), (rib, y1 - 2)], mix(colour, (0, 0, 0), 0.25), 1)
        x += 64
    # a container ship alongside
    hull = [(80, 560), (860, 560), (840, 636), (120, 636)]
    d.polygon(hull, (34, 44, 70))
    d.polygon([(90, 618), (850, 618), (842, 636), (118, 636)], (150, 48, 40))
    d.rect(110, 470, 200, 560, (226, 226, 222))  # bridge house
    for wx in range(118, 196, 14):
        d.rect(wx, 482, wx + 9, 492, (70, 90, 120))
    d.rect(140, 440, 160, 470, (60, 60, 70))
    x = 220.0
    while x < 830:
        for level in range(rng.randint(2, 5)):
            colour = rng.choice(palette)
            d.rect(x, 556 - (level + 1) * 20, x + 46, 556 - level * 20, colour)
        x += 48
    # ship-to-shore cranes, booms reaching out over the ship
    for cx, scale, colour in (
        (700, 1.0, (196, 72, 52)),
        (1010, 0.9, (204, 84, 58)),
        (1300, 0.8, (188, 70, 56)),
    ):
        top = quay_top - 330 * scale
        legs = [cx - 50 * scale, cx + 50 * scale]
        width = 8 * scale
        for lx in legs:
            d.line([(lx, quay_top - 6), (lx, top)], colour, width)
        for k in range(3):
            yy = quay_top - 6 - (k + 1) * 90 * scale
            d.line([(legs[0], yy), (legs[1], yy)], colour, width * 0.7)
            d.line([(legs[0], yy + 90 * scale), (legs[1], yy)], colour, width * 0.5)
        boom_y = top + 20 * scale
        d.line([(cx - 420 * scale, boom_y), (cx + 160 * scale, boom_y)], colour, width * 1.3)
        apex = (cx, top - 70 * scale)
        d.line([(cx - 50 * scale, top), apex, (cx + 50 * scale, top)], colour, width * 0.8)
        d.line([apex, (cx - 400 * scale, boom_y)], colour, 2)
        d.line([apex, (cx + 150 * scale, boom_y)], colour, 2)
        d.rect(cx - 120 * scale, boom_y, cx - 80 * scale, boom_y + 26 * scale, (60, 60, 70))
    # reflections and ripples
    d = Draw(im)
    for _ in range(420):
        y = rng.uniform(horizon + 80, H)
        x = rng.uniform(-40, W)
        length = rng.uniform(20, 120)
        tone = mix((40, 62, 88), (150, 170, 190), rng.random() * 0.6)
        d.line([(x, y), (x + length, y)], tone, 1.5)
    for _ in range(8):  # gulls
        gx, gy, s = rng.uniform(200, 1500), rng.uniform(120, 360), rng.uniform(5, 10)
        d.line([(gx - s, gy - s * 0.5), (gx, gy), (gx + s, gy - s * 0.5)], (60, 66, 80), 2)
    return finish(im, rng)


def wheat_field(rng: random.Random) -> Image.Image:
    horizon = 500
    im = canvas([(0, (26, 76, 168)), (0.7, (110, 164, 226)), (1, (188, 214, 236))], 0, horizon)
    for _ in range(6):  # cumulus clouds with shaded undersides
        cx, cy = rng.uniform(60, 1540), rng.uniform(90, 330)
        size = rng.uniform(0.6, 1.3)
        body, bd = mask()
        tops, td = mask()
        for _ in range(12):
            r = rng.uniform(30, 70) * size
            ox, oy = rng.uniform(-150, 150) * size, rng.uniform(-50, 10) * size
            bd.circle(cx + ox, cy + oy, r, 255)
            td.circle(cx + ox, cy + oy - r * 0.22, r * 0.86, 255)
        fill_masked(im, (200, 208, 224), blur(body, 2))
        fill_masked(im, (252, 252, 250), blur(tops, 6))
    field = canvas([(0, (232, 196, 100)), (1, (198, 146, 52))], horizon, H)
    m, md = mask()
    md.rect(0, horizon, W, H, 255)
    fill_masked(im, field, m)
    d = Draw(im)
    d.polygon([*ridge(rng, horizon - 6, 5), (W, horizon + 2), (0, horizon + 2)], (70, 96, 60))
    d.ellipse(1180, horizon - 90, 1300, horizon + 4, (56, 80, 48))  # a lone tree
    d.rect(1236, horizon - 20, 1244, horizon + 2, (60, 50, 40))
    for _ in range(9000):  # stalks, bigger and sparser towards the viewer
        t = rng.random() ** 1.8
        y = horizon + 4 + t * (H - horizon + 40)
        x = rng.uniform(-20, W + 20)
        length = 4 + t * 90
        lean = length * rng.uniform(0.05, 0.3)
        tone = mix((210, 166, 70), (250, 214, 120), rng.random())
        d.line([(x, y), (x + lean, y - length)], tone, 0.6 + t * 3)
        if t > 0.45:
            ex, ey = x + lean, y - length
            d.ellipse(ex - 3 * t * 2, ey - 16 * t * 2, ex + 3 * t * 2, ey + 2, tone)
    return finish(im, rng, grain=4)


def station_night(rng: random.Random) -> Image.Image:
    vx, vy, f, eye = 900.0, 430.0, 780.0, 1.6

    def p(x: float, y: float, z: float) -> Point:
        return (vx + f * x / z, vy + f * (eye - y) / z)

    im = canvas([(0, (10, 14, 30)), (1, (40, 48, 80))], 0, vy + 60)
    d = Draw(im)
    for _ in range(60):  # distant city lights at the end of the line
        x, y = rng.uniform(600, 1300), rng.uniform(vy - 20, vy + 8)
        d.circle(x, y, rng.uniform(0.8, 2), (255, 200, 140))
    ground = canvas([(0, (30, 32, 42)), (1, (62, 62, 70))], vy, H)
    m, md = mask()
    md.rect(0, vy, W, H, 255)
    fill_masked(im, ground, m)
    d = Draw(im)
    far = 220.0
    # track bed and rails on the left
    d.polygon(
        [p(-5.2, -1.1, 1.0), p(-1.0, -1.1, 1.0), p(-1.0, -1.1, far), p(-5.2, -1.1, far)],
        (38, 36, 40),
    )
    for x in (-4.4, -2.9, -8.4, -6.9):
        d.polygon(
            [p(x - 0.04, -1.0, 1.0), p(x + 0.04, -1.0, 1.0), p(x, -1.0, far)], (150, 150, 160)
        )
    # platform: face, surface, yellow line
    d.polygon(
        [p(-1.0, -1.1, 1.0), p(-1.0, 0, 1.0), p(-1.0, 0, far), p(-1.0, -1.1, far)], (70, 70, 78)
    )
    d.polygon([p(-1.0, 0, 1.0), p(6, 0, 1.0), p(6, 0, far), p(-1.0, 0, far)], (84, 84, 92))
    d.polygon([p(-0.7, 0, 1.0), p(-0.5, 0, 1.0), p(-0.5, 0, far), p(-0.7, 0, far)], (228, 196, 60))
    # a train waiting at the far platform
    d.polygon(
        [p(-7.4, -0.7, 14), p(-7.4, 2.9, 14), p(-7.4, 2.9, far), p(-7.4, -0.7, far)], (52, 66, 92)
    )
    d.polygon(
        [p(-10.4, 2.9, 14), p(-7.4, 2.9, 14), p(-7.4, 2.9, far), p(-10.4, 2.9, far)], (70, 80, 104)
    )
    d.polygon(
        [p(-10.4, -0.7, 14), p(-7.4, -0.7, 14), p(-7.4, 2.9, 14), p(-10.4, 2.9, 14)], (40, 50, 72)
    )
    d.polygon(
        [p(-9.9, 1.2, 14), p(-7.9, 1.2, 14), p(-7.9, 2.3, 14), p(-9.9, 2.3, 14)], (255, 232, 180)
    )
    wins, wd = mask()
    zz = 15.5
    while zz < far:
        wd.polygon(
            [p(-7.4, 1.0, zz), p(-7.4, 2.1, zz), p(-7.4, 2.1, zz + 1.6), p(-7.4, 1.0, zz + 1.6)],
            255,
        )
        zz += 2.4
    fill_masked(im, (255, 214, 150), wins)
    im = light(im, blur(wins, 6), (255, 180, 110))
    d = Draw(im)
    # canopy with columns and hanging lamps
    d.polygon([p(-1.3, 4.6, 1.0), p(7, 4.6, 1.0), p(7, 4.6, far), p(-1.3, 4.6, far)], (22, 24, 34))
    d.polygon(
        [p(-1.3, 4.3, 1.0), p(-1.3, 4.6, 1.0), p(-1.3, 4.6, far), p(-1.3, 4.3, far)], (48, 50, 62)
    )
    zz = 4.0
    while zz < far:  # columns holding the canopy
        d.line([p(3.4, 0, zz), p(3.4, 4.4, zz)], (44, 46, 58), max(1.0, f * 0.22 / zz))
        zz += 9
    # two travellers waiting on the platform
    for px, pz, h in ((1.6, 11.0, 1.78), (4.2, 21.0, 1.66)):
        body = [
            p(px - 0.24, 0, pz),
            p(px - 0.26, h * 0.8, pz),
            p(px + 0.26, h * 0.8, pz),
            p(px + 0.24, 0, pz),
        ]
        d.polygon(body, (18, 18, 26))
        hx, hy = p(px, h * 0.9, pz)
        d.circle(hx, hy, f * 0.12 / pz, (18, 18, 26))
    lamps: list[tuple[float, float]] = []
    zz = 6.0
    while zz < far:
        for lx in (0.8, 4.8):
            d.line([p(lx, 4.6, zz), p(lx, 4.0, zz)], (40, 40, 50), max(1.0, f * 0.03 / zz))
            lamps.append((lx, zz))
        zz += 6
    refl, rd = mask()
    for lx, zz in lamps:
        x, y = p(lx, 3.95, zz)
        im = glow(im, x, y, max(3.0, f * 0.7 / zz), (255, 204, 140), 230, 0.9)
        r = f * 0.3 / zz
        Draw(im).ellipse(x - r, y - r * 0.3, x + r, y + r * 0.4, (255, 244, 220))
        gx, gy = p(lx, 0, zz)
        rd.ellipse(gx - r * 0.4, gy - r * 0.2, gx + r * 0.4, gy + f * 1.4 / zz, 90)
    im = light(im, blur(refl, 8), (255, 196, 130))  # wet platform reflections
    return finish(im, rng, grain=6)


def map_pattern(rng: random.Random) -> Image.Image:
    im = Image.new("RGB", (W * SS, H * SS), (236, 230, 214))
    for colour in [(196, 214, 190), (222, 206, 176), (190, 208, 222), (214, 196, 204)] * 2:
        m, md = mask()
        cx, cy, r = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(160, 360)
        md.circle(cx, cy, r, 190)
        fill_masked(im, colour, blur(m, 80))
    d = Draw(im)
    for x in range(0, W, 100):
        d.line([(x, 0), (x, H)], (206, 204, 200), 1)
    for y in range(0, H, 100):
        d.line([(0, y), (W, y)], (206, 204, 200), 1)
    # contour lines around a few high points
    for _ in range(4):
        cx, cy = rng.uniform(150, 1450), rng.uniform(120, 780)
        harmonics = [
            (rng.uniform(0.05, 0.2), rng.randint(2, 5), rng.uniform(0, 6.3)) for _ in range(3)
        ]
        for level in range(1, 10):
            r0 = level * rng.uniform(20, 26)
            pts = []
            for k in range(181):
                a = k / 180 * 2 * math.pi
                wobble = sum(h * math.sin(n * a + ph) for h, n, ph in harmonics)
                r = r0 * (1 + wobble)
                pts.append((cx + math.cos(a) * r * 1.3, cy + math.sin(a) * r))
            d.line(pts, (176, 146, 112) if level % 3 else (150, 116, 86), 1.4)
    # a meandering river with tributaries

    def meander(x0: float, y0: float, x1: float, y1: float, amp: float) -> list[Point]:
        pts = []
        ph = rng.uniform(0, 6)
        for k in range(121):
            t = k / 120
            x = x0 + (x1 - x0) * t
            y = y0 + (y1 - y0) * t + math.sin(t * 9 + ph) * amp + math.sin(t * 23) * amp * 0.3
            pts.append((x, y))
        return pts

    river = meander(-20, 560, W + 20, 300, 60)
    d.line(river, (150, 186, 214), 18)
    d.line(river, (98, 146, 192), 10)
    for start in (30, 70, 95):
        sx, sy = river[start]
        trib = meander(sx, sy, sx + rng.uniform(-200, 200), rng.choice([0, H]), 22)
        d.line(trib, (110, 156, 198), 4)
    # roads as dashed lines and towns as ringed dots
    towns = [(rng.uniform(120, 1480), rng.uniform(100, 800)) for _ in range(7)]
    for a, b in itertools.pairwise(towns):
        steps = int(math.dist(a, b) / 14)
        for k in range(0, steps, 2):
            t0, t1 = k / steps, (k + 1) / steps
            d.line(
                [
                    (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
                    (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1),
                ],
                (150, 70, 60),
                3,
            )
    for x, y in towns:
        d.circle(x, y, 13, (60, 56, 64))
        d.circle(x, y, 9, (250, 248, 240))
        d.circle(x, y, 4, (176, 60, 50))
    im = blur(im, 0.3)
    return finish(im, rng, grain=6)


SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "steppe-hills-sunset.jpg": steppe_hills_sunset,
    "river-dawn.jpg": river_dawn,
    "parliament-columns.jpg": parliament_columns,
    "city-skyline-night.jpg": city_skyline_night,
    "sunflower-field.jpg": sunflower_field,
    "snowy-street.jpg": snowy_street,
    "harbour-cranes.jpg": harbour_cranes,
    "wheat-field.jpg": wheat_field,
    "station-night.jpg": station_night,
    "map-pattern.jpg": map_pattern,
}


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    for seed, (name, scene) in enumerate(SCENES.items(), start=2025):
        image = scene(random.Random(seed))  # noqa: S311 - drawing, not security
        path = out / name
        image.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=True)
        print(f"{path}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
