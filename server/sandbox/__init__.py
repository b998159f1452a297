"""A payment gateway sandbox speaking WeChat Pay APIv3's wire format, as its own FastAPI app.

It stands where the real gateway plugs in and is reached only over HTTP: merchant
requests signed with the merchant's RSA key (`Authorization: WECHATPAY2-SHA256-RSA2048 …`),
answers and notifications signed with the platform key (`Wechatpay-*` headers over
`timestamp\\nnonce\\nbody\\n`), notification `resource` sealed with AEAD_AES_256_GCM under the
APIv3 key. It has a hosted phone page (pay / cancel / wrong PIN), asynchronous notifications
with a retry schedule and a log, an admin page, and per-trade fault injection
(docs/payments.md). Its wire code uses `cryptography` directly, never the merchant SDK, so
the tests cross-check two independent implementations of the format.
"""
