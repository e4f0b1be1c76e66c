"""The sandbox's consent pages (Seller Central's authorization screen, in miniature)."""

_PAGE_STYLE = """<style>body{font-family:Arial,sans-serif;background:#f3f3f3;margin:0}header{background:#232f3e;color:#fff;padding:14px 24px;font-weight:bold}
main{max-width:560px;margin:32px auto;background:#fff;border:1px solid #ddd;border-radius:8px;padding:24px}
.acct{display:block;border:1px solid #ddd;border-radius:6px;padding:10px;margin:8px 0}.acct span{color:#555;font-size:13px;display:block;margin-left:22px}
button{background:#ffd814;border:1px solid #fcd200;border-radius:8px;padding:8px 18px;font-size:15px;cursor:pointer;margin-right:8px}
button.secondary{background:#fff;border-color:#aaa}.note{color:#555;font-size:13px}</style>"""

CONSENT_PAGE = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Authorize application · Seller Central (sandbox)</title>"""
    + _PAGE_STYLE
    + """</head>
<body><header>seller central <small>(sandbox)</small></header><main>
<h1>Authorize application</h1>
<p>The application <strong>%(app_id)s</strong> asks for access to your selling account: orders, buyer-seller messaging and solicitations.</p>
<form method="post" action="/apps/authorize/consent">
<input type="hidden" name="state" value="%(state)s"><input type="hidden" name="redirect_uri" value="%(redirect_uri)s">
<p><strong>Signed in as:</strong></p>%(options)s
<p class="note">This is the sandbox's stand-in for Amazon's consent page. Authorizations last 365 days.</p>
<button type="submit" name="decision" value="confirm">Confirm</button>
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
</form></main></body></html>"""
)

CONSENT_ERROR = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Authorization error</title>"""
    + _PAGE_STYLE
    + """</head>
<body><header>seller central <small>(sandbox)</small></header><main><h1>We could not authorize this application</h1><p>%(message)s</p></main></body></html>"""
)
