// Response headers of every console page (next.config.ts). The CSP fits what Next and antd do:
// Next's hydration data is inline script, antd's CSS-in-JS writes <style> tags, ECharts draws on
// canvas, icons are inline SVG; everything else comes from this origin (the engine is reached
// through the same-origin /trpc forwarder). Development adds what hot reloading needs.
export function contentSecurityPolicy(development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(development: boolean): { key: string; value: string }[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(development) },
    // For browsers without frame-ancestors: the console is never framed (clickjacking).
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    // Same-origin requests keep their Referer (the engine's CSRF fallback); no other site sees
    // the console's URLs.
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ];
}
