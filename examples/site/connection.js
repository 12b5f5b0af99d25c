// Fill the page from the server's view of this very connection.
(async () => {
  const show = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));
  try {
    const res = await fetch('/.well-known/ward/connection', { cache: 'no-store' });
    const info = await res.json();
    for (const key of ['tls_version', 'cipher_suite', 'group', 'signature_scheme',
                       'alpn', 'sni', 'hrr', 'resumed']) {
      const cell = document.getElementById(key);
      if (cell) cell.textContent = show(info[key]);
    }
    const offered = document.getElementById('offered');
    for (const [name, list] of Object.entries(info.offered || {})) {
      const dt = document.createElement('dt');
      dt.textContent = name.replace(/_/g, ' ');
      const dd = document.createElement('dd');
      dd.textContent = (list || []).join(', ') || '—';
      offered.append(dt, dd);
    }
  } catch (err) {
    document.getElementById('tls_version').textContent = 'could not load: ' + err;
  }
})();
