"""r1-05：蓝图不只延迟注册路由。请求钩子、错误处理器存在蓝图自己的字典里，注册时按蓝图名合并到应用，
只对该蓝图的端点生效；蓝图上的 app_* 装饰器用 record_once 注册到整个应用。"""

from __future__ import annotations

from flask import Blueprint, Flask, g

from snippets.celery.flask_blueprints import build_nested, make_shop, rules


def test_routes_reach_the_url_map_only_when_registered():
    app, shop = Flask("t"), make_shop()
    assert rules(app) == []
    assert len(shop.deferred_functions) == 4  # 2 条路由 + 2 个 record 回调，还没执行
    app.register_blueprint(shop, url_prefix="/v1")
    assert rules(app) == [("/v1/items", "shop.list_items"), ("/v1/items/<int:item_id>", "shop.get_item")]
    assert app.test_client().get("/v1/items/7").get_data(as_text=True) == "item 7"


# --8<-- [start:hooks]
def test_blueprint_hooks_are_merged_by_name_and_scoped_to_its_endpoints():
    bp = Blueprint("admin", __name__)

    @bp.before_request
    def mark():
        g.seen_by_admin_hook = True

    @bp.route("/admin")
    def admin():
        return str(g.get("seen_by_admin_hook", False))

    @bp.app_template_filter("shout")  # app_* 装饰器：用 record_once 注册到整个应用
    def shout(s):
        return s.upper() + "!"

    app = Flask("t")

    @app.route("/public")
    def public():
        return str(g.get("seen_by_admin_hook", False))

    assert "admin" not in app.before_request_funcs and "shout" not in app.jinja_env.filters
    app.register_blueprint(bp)
    assert app.before_request_funcs["admin"] == [mark]  # 以蓝图名为键合并进应用
    client = app.test_client()
    assert client.get("/admin").get_data(as_text=True) == "True"
    assert client.get("/public").get_data(as_text=True) == "False"  # 只对本蓝图的端点生效
    assert app.jinja_env.filters["shout"]("hi") == "HI!"
# --8<-- [end:hooks]


def test_nested_blueprint_endpoint_is_dotted_and_prefixes_add_up():
    app = build_nested()
    assert rules(app) == [("/api/admin/users/<name>", "api.admin.user")]
    assert set(app.blueprints) == {"api", "api.admin"}
