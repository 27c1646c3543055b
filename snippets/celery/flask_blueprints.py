"""Flask 蓝图（Blueprint）的实现原理，用 Flask 3.1 的真实对象演示。

蓝图自己不处理请求。``@bp.route`` 只是往 ``bp.deferred_functions`` 里追加一个回调；
``app.register_blueprint(bp, **options)`` 时，Flask 为这一次注册造一个 ``BlueprintSetupState``
（带着 url_prefix、name 等选项），把每个回调依次用它调用一遍，回调再调用
``app.add_url_rule``，规则这才进入 ``app.url_map``，端点名加上「蓝图名.」前缀。

注册前，应用的 URL 表里只有静态文件规则；蓝图里记着 4 个待执行的回调（两条路由、两个 record 回调）：

>>> app, shop = Flask("demo"), make_shop()
>>> [rule.endpoint for rule in app.url_map.iter_rules()]
['static']
>>> rules(app)
[]
>>> len(shop.deferred_functions)
4

注册时才把规则写进 url_map，路径加上 url_prefix、端点加上蓝图名：

>>> app.register_blueprint(shop, url_prefix="/v1")
>>> rules(app)
[('/v1/items', 'shop.list_items'), ('/v1/items/<int:item_id>', 'shop.get_item')]

同一个蓝图可以再注册一次（回调会被重放一遍），但 Flask 2.1 起必须用 name= 换一个名字：

>>> app.register_blueprint(shop, url_prefix="/v2", name="shop_v2")
>>> rules(app)[2:]
[('/v2/items', 'shop_v2.list_items'), ('/v2/items/<int:item_id>', 'shop_v2.get_item')]
>>> app.view_functions["shop.get_item"] is app.view_functions["shop_v2.get_item"]
True
>>> app.register_blueprint(shop, url_prefix="/v3")
Traceback (most recent call last):
  ...
ValueError: The name 'shop' is already registered for this blueprint. Use 'name=' to provide a unique name.

record_once 的回调只在第一次注册时执行；record 的每次注册都执行：

>>> shop.registrations
['record: shop /v1', 'record_once: shop /v1', 'record: shop_v2 /v2']

注册过之后再往蓝图上加路由会报错，因为已经注册过的应用看不到后加的回调：

>>> shop.add_url_rule("/late", view_func=lambda: "late")
Traceback (most recent call last):
  ...
AssertionError: The setup method 'add_url_rule' can no longer be called on the blueprint 'shop'. It has already been registered at least once, any changes will not be applied consistently.
Make sure all imports, decorators, functions, etc. needed to set up the blueprint are done before registering it.

嵌套蓝图：子蓝图的端点名带上父蓝图的名字（点分），路径叠加父子两级前缀：

>>> nested = build_nested()
>>> rules(nested)
[('/api/admin/users/<name>', 'api.admin.user')]
>>> from flask import url_for
>>> with nested.test_request_context():
...     url_for("api.admin.user", name="ada")
'/api/admin/users/ada'
>>> nested.test_client().get("/api/admin/users/ada").get_data(as_text=True)
'user ada'
"""

from __future__ import annotations

from flask import Blueprint, Flask


def rules(app: Flask) -> list[tuple[str, str]]:
    """应用 URL 表里除静态文件规则以外的 (规则, 端点)，按规则排序。"""
    return sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules() if rule.endpoint != "static")


# --8<-- [start:shop]
def make_shop() -> Blueprint:
    shop = Blueprint("shop", __name__)
    shop.registrations = []  # 仅为演示：记录 record / record_once 回调被调用的情况

    @shop.route("/items")
    def list_items():
        return "items"

    @shop.route("/items/<int:item_id>")
    def get_item(item_id: int):
        return f"item {item_id}"

    @shop.record
    def on_every_registration(state):  # state 是本次注册的 BlueprintSetupState
        shop.registrations.append(f"record: {state.name} {state.url_prefix}")

    @shop.record_once
    def on_first_registration(state):
        shop.registrations.append(f"record_once: {state.name} {state.url_prefix}")

    return shop
# --8<-- [end:shop]


# --8<-- [start:nested]
def build_nested() -> Flask:
    api = Blueprint("api", __name__, url_prefix="/api")
    admin = Blueprint("admin", __name__, url_prefix="/admin")

    @admin.route("/users/<name>")
    def user(name: str):
        return f"user {name}"

    api.register_blueprint(admin)  # 只是记在 api._blueprints 里
    app = Flask("nested")
    app.register_blueprint(api)  # 注册 api 时递归注册 admin：name_prefix="api"，url_prefix 叠加
    return app
# --8<-- [end:nested]
