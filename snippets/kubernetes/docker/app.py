"""infra-08：被打进镜像的最小服务（Flask 应用，gunicorn 启动），/healthz 供就绪探针使用。

>>> client = app.test_client()
>>> client.get("/healthz").get_json()
{'status': 'ok'}
"""

from flask import Flask

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
